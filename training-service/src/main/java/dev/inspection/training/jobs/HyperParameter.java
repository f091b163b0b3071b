package dev.inspection.training.jobs;

/**
 * One tunable value of a method: its name, type, allowed range and the value of each preset.
 *
 * @param name    key in presets, overrides and the manifest's training config
 * @param integer whole numbers only
 * @param min     smallest allowed value (inclusive)
 * @param max     largest allowed value (inclusive)
 * @param cpu     value of the "cpu" preset
 * @param paper   value of the "paper" preset (the reference run.sh)
 * @param meaning one line for error messages and docs
 */
public record HyperParameter(String name, boolean integer, double min, double max, double cpu, double paper,
                             String meaning) {

    /** Parses and range-checks a value given as text. */
    public double parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        double value;
        try {
            value = integer ? Long.parseLong(trimmed) : Double.parseDouble(trimmed);
        } catch (NumberFormatException e) {
            throw TrainingException.invalidArgument("override '" + name + "' must be "
                    + (integer ? "an integer" : "a number") + " (" + meaning + "), got '" + text + "'");
        }
        if (!Double.isFinite(value) || value < min || value > max) {
            throw TrainingException.invalidArgument("override '" + name + "' must be in [" + format(min) + ", "
                    + format(max) + "] (" + meaning + "), got " + trimmed);
        }
        return value;
    }

    /** Canonical text of a value (integers without a fraction). */
    public String format(double value) {
        return integer ? Long.toString((long) value) : Double.toString(value);
    }
}
