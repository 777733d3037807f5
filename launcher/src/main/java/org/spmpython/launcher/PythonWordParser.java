package org.spmpython.launcher;

import java.util.List;

import org.jline.reader.CompletingParsedLine;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * Tells JLine which word Tab completes: the dotted Python name before the cursor (so
 * {@code print(os.pa} completes {@code os.pa}). It never asks for more input itself: whether a
 * statement is complete is Python's to say.
 */
final class PythonWordParser implements Parser {
    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        int start = cursor;
        while (start > 0 && isNameChar(line.charAt(start - 1))) {
            start--;
        }
        int end = cursor;
        while (end < line.length() && isNameChar(line.charAt(end))) {
            end++;
        }
        String word = line.substring(start, end);
        int wordCursor = cursor - start;
        return new CompletingParsedLine() {
            @Override
            public String word() {
                return word;
            }

            @Override
            public int wordCursor() {
                return wordCursor;
            }

            @Override
            public int wordIndex() {
                return 0;
            }

            @Override
            public List<String> words() {
                return List.of(word);
            }

            @Override
            public String line() {
                return line;
            }

            @Override
            public int cursor() {
                return cursor;
            }

            // Python names need no quoting or escaping.
            @Override
            public CharSequence escape(CharSequence candidate, boolean complete) {
                return candidate;
            }

            @Override
            public int rawWordCursor() {
                return wordCursor;
            }

            @Override
            public int rawWordLength() {
                return word.length();
            }
        };
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }
}
