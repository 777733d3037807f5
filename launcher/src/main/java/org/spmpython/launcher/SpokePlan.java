package org.spmpython.launcher;

/**
 * What {@code --spokes} asks for: {@code local:N} (N spokes of the local virtual cloud) or
 * {@code none}. The default is one local spoke per core.
 */
record SpokePlan(int localSpokes) {
    static SpokePlan parse(String value) throws UsageException {
        if (value == null || value.isEmpty()) {
            return new SpokePlan(Runtime.getRuntime().availableProcessors());
        }
        if (value.equals("none")) {
            return new SpokePlan(0);
        }
        if (value.startsWith("local:")) {
            try {
                int n = Integer.parseInt(value.substring("local:".length()));
                if (n >= 0 && n <= 1024) {
                    return new SpokePlan(n);
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new UsageException("--spokes takes local:N (N from 0 to 1024) or none, not '" + value + "'");
    }
}
