/** A path as a shell argument: as typed, quoted only when the shell would split or expand it. */
export const shellPath = (file: string) => (/^[\w@%+=:,./-]+$/.test(file) ? file : `'${file.replace(/'/g, `'\\''`)}'`);
