/** The version of rotamatch written into every job (and each job summary), apart so that app code need not load BullMQ. */
import packageJson from "../../package.json" with { type: "json" };

export const ROTAMATCH_VERSION: string = packageJson.version;
