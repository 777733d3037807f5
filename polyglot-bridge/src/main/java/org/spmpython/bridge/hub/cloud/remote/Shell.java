package org.spmpython.bridge.hub.cloud.remote;

/** POSIX shell quoting: ssh hands the remote command to the user's shell there as one string. */
final class Shell {
    private Shell() {
    }

    static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./:=@,+".indexOf(c) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
