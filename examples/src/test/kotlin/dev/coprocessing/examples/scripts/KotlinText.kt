package dev.coprocessing.examples.scripts

/**
 * Just enough of Kotlin's lexical structure to cut the examples' sources into top-level declarations: string
 * literals (with `${...}` templates), character literals and comments are told apart from code, so that the
 * brackets and names inside them are not counted.
 */
internal object KotlinText {
    /** [text] with every comment replaced by spaces (line breaks kept), strings and code unchanged. */
    fun withoutComments(text: String): String {
        val out = StringBuilder(text)
        scan(text) { kind, start, end ->
            if (kind == Kind.COMMENT) for (i in start until end) if (out[i] != '\n') out.setCharAt(i, ' ')
        }
        return out.toString()
    }

    /**
     * [text] with comments and the characters of string literals replaced by spaces: what is left is code,
     * the code of `${...}` templates included, so the names found in it are the names the code uses.
     */
    fun codeOnly(text: String): String {
        val out = StringBuilder(text)
        scan(text) { kind, start, end ->
            if (kind != Kind.CODE) for (i in start until end) if (out[i] != '\n') out.setCharAt(i, ' ')
        }
        return out.toString()
    }

    /**
     * For each line of [text], whether a top-level declaration may end with it: the code's bracket depth
     * (`(`, `[`, `{`) is back to zero at its end, and the line does not end inside a string or a comment.
     */
    fun atTopLevelAfterEachLine(text: String): List<Boolean> {
        val result = mutableListOf<Boolean>()
        var depth = 0
        scan(text) { kind, start, end ->
            for (i in start until end) {
                if (kind == Kind.CODE) when (text[i]) {
                    '(', '[', '{' -> depth++
                    ')', ']', '}' -> depth--
                }
                // A line comment stops before its line break, so a break inside a comment is a block comment's.
                if (text[i] == '\n') result += kind == Kind.CODE && depth == 0
            }
        }
        return result
    }

    /**
     * The index just past the bracket that closes the one at [open] (`(`, `[` or `{`), skipping strings and
     * comments; -1 if it is never closed.
     */
    fun closing(text: String, open: Int): Int {
        var depth = 0
        var result = -1
        scan(text.substring(open)) { kind, start, end ->
            if (result >= 0 || kind != Kind.CODE) return@scan
            for (i in start until end) when (text[open + i]) {
                '(', '[', '{' -> depth++
                ')', ']', '}' -> if (--depth == 0) { result = open + i + 1; return@scan }
            }
        }
        return result
    }

    /** The top-level pieces of [text] between commas (an argument list's arguments), trimmed. */
    fun splitArguments(text: String): List<String> {
        val parts = mutableListOf<String>()
        var depth = 0
        var from = 0
        scan(text) { kind, start, end ->
            if (kind == Kind.CODE) for (i in start until end) when (text[i]) {
                '(', '[', '{' -> depth++
                ')', ']', '}' -> depth--
                ',' -> if (depth == 0) { parts += text.substring(from, i).trim(); from = i + 1 }
            }
        }
        parts += text.substring(from).trim()
        return parts.filter { it.isNotEmpty() }
    }

    /** The value of the Kotlin string literal [literal] (`"..."`, no templates), or null if it is not one. */
    fun stringValue(literal: String): String? {
        if (literal.length < 2 || !literal.startsWith('"') || !literal.endsWith('"') || literal.startsWith("\"\"\"")) return null
        val body = literal.substring(1, literal.length - 1)
        if ("\${" in body) return null
        return body.replace(Regex("\\\\(.)")) { m ->
            when (val c = m.groupValues[1]) { "n" -> "\n"; "t" -> "\t"; else -> c }
        }
    }

    enum class Kind { CODE, STRING, COMMENT }

    /**
     * Calls [piece] for each run of [text] in order, telling code from string literals and comments. The code
     * inside a string's `${...}` template is reported as code, so a template's brackets balance themselves.
     */
    private fun scan(text: String, piece: (Kind, Int, Int) -> Unit) {
        var i = 0
        var codeFrom = 0
        // Each entry is the brace depth at which a `${` template opened, inside the string kind it belongs to.
        val templates = ArrayDeque<Pair<Boolean, Int>>()   // (raw string?, depth inside the template)
        var templateDepth = 0
        fun flushCode(to: Int) { if (to > codeFrom) piece(Kind.CODE, codeFrom, to) }

        /**
         * Scans a string's content from [contentFrom] (reported from [from]: its opening quotes, or the brace that
         * closed a template); returns where code begins again: after the string, or inside a `${` template.
         */
        fun string(from: Int, contentFrom: Int, raw: Boolean): Int {
            var j = contentFrom
            while (j < text.length) {
                if (raw && text.startsWith("\"\"\"", j)) {
                    var k = j + 3
                    while (k < text.length && text[k] == '"') k++   // """ followed by more quotes ends at the last three
                    piece(Kind.STRING, from, k); return k
                }
                if (!raw && text[j] == '\\') { j += 2; continue }
                if (!raw && text[j] == '"') { piece(Kind.STRING, from, j + 1); return j + 1 }
                if (!raw && text[j] == '\n') { piece(Kind.STRING, from, j); return j }   // unterminated: stop at the line's end
                if (text.startsWith("\${", j)) {
                    piece(Kind.STRING, from, j + 2)
                    templates.addLast(raw to templateDepth)
                    templateDepth = 0
                    return j + 2
                }
                j++
            }
            piece(Kind.STRING, from, text.length); return text.length
        }

        while (i < text.length) {
            val c = text[i]
            when {
                text.startsWith("//", i) -> {
                    flushCode(i)
                    val end = text.indexOf('\n', i).let { if (it < 0) text.length else it }
                    piece(Kind.COMMENT, i, end); i = end; codeFrom = i
                }
                text.startsWith("/*", i) -> {
                    flushCode(i)
                    var depth = 0
                    var j = i
                    while (j < text.length) {
                        if (text.startsWith("/*", j)) { depth++; j += 2 }
                        else if (text.startsWith("*/", j)) { depth--; j += 2; if (depth == 0) break }
                        else j++
                    }
                    piece(Kind.COMMENT, i, j); i = j; codeFrom = i
                }
                text.startsWith("\"\"\"", i) -> { flushCode(i); i = string(i, i + 3, raw = true); codeFrom = i }
                c == '"' -> { flushCode(i); i = string(i, i + 1, raw = false); codeFrom = i }
                c == '\'' -> {
                    flushCode(i)
                    var j = i + 1
                    if (j < text.length && text[j] == '\\') j += 2 else j += 1
                    while (j < text.length && text[j] != '\'' && text[j] != '\n') j++
                    piece(Kind.STRING, i, minOf(j + 1, text.length)); i = minOf(j + 1, text.length); codeFrom = i
                }
                c == '{' && templates.isNotEmpty() -> { templateDepth++; i++ }
                c == '}' && templates.isNotEmpty() && templateDepth == 0 -> {
                    // The end of a `${...}` template: back into the string it belongs to.
                    flushCode(i)
                    val (raw, outer) = templates.removeLast()
                    templateDepth = outer
                    i = string(i, i + 1, raw)   // the closing brace is reported with the rest of the string
                    codeFrom = i
                }
                c == '}' && templates.isNotEmpty() -> { templateDepth--; i++ }
                else -> i++
            }
        }
        flushCode(text.length)
    }
}
