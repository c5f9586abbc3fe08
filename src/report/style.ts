/** Terminal styling: colours only when the output is a terminal and NO_COLOR is not set. */
import pc from "picocolors";

export type Style = ReturnType<typeof pc.createColors>;

export function createStyle(enabled: boolean): Style {
  return pc.createColors(enabled);
}
