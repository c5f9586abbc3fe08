/** Terminal styling: colours only when the output is a terminal and NO_COLOR is not set. */
import pc from "picocolors";

/** Colour functions (picocolors), all of them identity functions when colours are off. */
export type Style = ReturnType<typeof pc.createColors>;

/** The style for one stream: colours only when `enabled`. */
export function createStyle(enabled: boolean): Style {
  return pc.createColors(enabled);
}
