/// The byte-level lexer behind ``ShellScript``.
struct ShellLexer {
    enum Token: Equatable {
        case word(String)
        case op(String)
        case redirect(String, String?)
    }

    private let bytes: [UInt8]
    private var i = 0
    private var word: [UInt8] = []
    private var inWord = false
    private var wordQuoted = false
    private var pendingRedirect: String?
    private var pendingHeredocs: [(delimiter: String, stripTabs: Bool)] = []
    private var out: [Token] = []

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private static let space: UInt8 = 0x20, tab: UInt8 = 0x09, newline: UInt8 = 0x0A, cr: UInt8 = 0x0D
    private static let backslash: UInt8 = 0x5C, single: UInt8 = 0x27, double: UInt8 = 0x22, dollar: UInt8 = 0x24
    private static let backtick: UInt8 = 0x60, hash: UInt8 = 0x23, semicolon: UInt8 = 0x3B, amp: UInt8 = 0x26
    private static let bar: UInt8 = 0x7C, lparen: UInt8 = 0x28, rparen: UInt8 = 0x29, less: UInt8 = 0x3C, greater: UInt8 = 0x3E
    private static let lbrace: UInt8 = 0x7B, rbrace: UInt8 = 0x7D, dash: UInt8 = 0x2D

    mutating func tokens() -> [Token] {
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case Self.space, Self.tab, Self.cr:
                flush()
                i += 1
            case Self.newline:
                flush()
                endRedirect()
                emit(.op("\n"))
                i += 1
                skipHeredocBodies()
            case Self.backslash:
                if i + 1 < bytes.count {
                    if bytes[i + 1] != Self.newline {
                        word.append(bytes[i + 1])
                        inWord = true
                    }
                    i += 2
                } else {
                    i += 1
                }
            case Self.single:
                inWord = true
                wordQuoted = true
                i += 1
                while i < bytes.count, bytes[i] != Self.single {
                    word.append(bytes[i])
                    i += 1
                }
                i += 1
            case Self.double:
                inWord = true
                wordQuoted = true
                i += 1
                readDoubleQuoted()
            case Self.dollar where i + 1 < bytes.count && bytes[i + 1] == Self.lparen:
                inWord = true
                copyBalanced(open: Self.lparen, close: Self.rparen, from: i + 1)
            case Self.dollar where i + 1 < bytes.count && bytes[i + 1] == Self.lbrace:
                inWord = true
                copyBalanced(open: Self.lbrace, close: Self.rbrace, from: i + 1)
            case Self.backtick:
                inWord = true
                copyBackticks()
            case Self.hash where !inWord:
                while i < bytes.count, bytes[i] != Self.newline { i += 1 }
            case Self.semicolon:
                flush()
                endRedirect()
                emit(.op(";"))
                i += (i + 1 < bytes.count && bytes[i + 1] == Self.semicolon) ? 2 : 1
            case Self.amp:
                flush()
                if i + 1 < bytes.count, bytes[i + 1] == Self.amp {
                    endRedirect()
                    emit(.op("&&"))
                    i += 2
                } else if i + 1 < bytes.count, bytes[i + 1] == Self.greater {
                    i += 1
                    readRedirect(prefix: "&")
                } else {
                    endRedirect()
                    emit(.op("&"))
                    i += 1
                }
            case Self.bar:
                flush()
                endRedirect()
                if i + 1 < bytes.count, bytes[i + 1] == Self.bar {
                    emit(.op("||"))
                    i += 2
                } else if i + 1 < bytes.count, bytes[i + 1] == Self.amp {
                    emit(.op("|&"))
                    i += 2
                } else {
                    emit(.op("|"))
                    i += 1
                }
            case Self.lparen, Self.rparen:
                flush()
                endRedirect()
                emit(.op(c == Self.lparen ? "(" : ")"))
                i += 1
            case Self.less, Self.greater:
                // A word of digits right before is a file descriptor (`2>`), not an argument.
                if inWord, !wordQuoted, !word.isEmpty, word.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                    word = []
                    inWord = false
                } else {
                    flush()
                }
                readRedirect(prefix: "")
            default:
                word.append(c)
                inWord = true
                i += 1
            }
        }
        flush()
        endRedirect()
        return out
    }

    private mutating func emit(_ token: Token) { out.append(token) }

    /// Ends the current word; it becomes a redirect target if one is pending.
    private mutating func flush() {
        guard inWord else { return }
        let text = String(decoding: word, as: UTF8.self)
        if let op = pendingRedirect {
            out.append(.redirect(op, text))
            if op.hasPrefix("<<"), op != "<<<" { pendingHeredocs.append((text, op == "<<-")) }
            pendingRedirect = nil
        } else {
            out.append(.word(text))
        }
        word = []
        inWord = false
        wordQuoted = false
    }

    /// A redirect with no target word before an operator or the end.
    private mutating func endRedirect() {
        if let op = pendingRedirect {
            out.append(.redirect(op, nil))
            pendingRedirect = nil
        }
    }

    /// Reads `<`, `>`, `>>`, `<<`, `<<-`, `<<<`, `<>`, `>|`, `>&N`, `<&-`; the target is the next word.
    private mutating func readRedirect(prefix: String) {
        endRedirect()
        var op = prefix
        var count = 0
        while i < bytes.count, count < 3, bytes[i] == Self.less || bytes[i] == Self.greater {
            op.append(Character(UnicodeScalar(bytes[i])))
            i += 1
            count += 1
        }
        if i < bytes.count, op == "<<", bytes[i] == Self.dash {
            op.append("-")
            i += 1
        } else if i < bytes.count, bytes[i] == Self.bar, op == ">" {
            op.append("|")
            i += 1
        } else if i < bytes.count, bytes[i] == Self.amp {
            // `>&2`, `2>&1`, `<&-`: the target is an fd, part of the operator.
            op.append("&")
            i += 1
            var target = ""
            while i < bytes.count, (bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] == Self.dash {
                target.append(Character(UnicodeScalar(bytes[i])))
                i += 1
            }
            if !target.isEmpty {
                out.append(.redirect(op, target))
                return
            }
        }
        pendingRedirect = op
    }

    private mutating func readDoubleQuoted() {
        while i < bytes.count {
            let c = bytes[i]
            if c == Self.double {
                i += 1
                return
            }
            if c == Self.backslash, i + 1 < bytes.count {
                let next = bytes[i + 1]
                if next == Self.newline {
                    i += 2
                } else if [Self.dollar, Self.backtick, Self.double, Self.backslash].contains(next) {
                    word.append(next)
                    i += 2
                } else {
                    word.append(c)
                    i += 1
                }
            } else if c == Self.dollar, i + 1 < bytes.count, bytes[i + 1] == Self.lparen {
                copyBalanced(open: Self.lparen, close: Self.rparen, from: i + 1)
            } else if c == Self.backtick {
                copyBackticks()
            } else {
                word.append(c)
                i += 1
            }
        }
    }

    /// Copies `$(…)` or `${…}` (from the `$` at `i`) into the word, balancing brackets outside quotes.
    private mutating func copyBalanced(open: UInt8, close: UInt8, from start: Int) {
        word.append(Self.dollar)
        i = start
        var depth = 0
        var quote: UInt8?
        while i < bytes.count {
            let c = bytes[i]
            word.append(c)
            i += 1
            if let q = quote {
                if c == Self.backslash, q == Self.double, i < bytes.count {
                    word.append(bytes[i])
                    i += 1
                } else if c == q {
                    quote = nil
                }
                continue
            }
            if c == Self.backslash, i < bytes.count {
                word.append(bytes[i])
                i += 1
            } else if c == Self.single || c == Self.double {
                quote = c
            } else if c == open {
                depth += 1
            } else if c == close {
                depth -= 1
                if depth == 0 { return }
            }
        }
    }

    private mutating func copyBackticks() {
        word.append(Self.backtick)
        i += 1
        while i < bytes.count {
            let c = bytes[i]
            word.append(c)
            i += 1
            if c == Self.backslash, i < bytes.count {
                word.append(bytes[i])
                i += 1
            } else if c == Self.backtick {
                return
            }
        }
    }

    /// After a newline, skips the bodies of here-documents opened on the previous line.
    private mutating func skipHeredocBodies() {
        let heredocs = pendingHeredocs
        pendingHeredocs = []
        for heredoc in heredocs {
            while i < bytes.count {
                var end = i
                while end < bytes.count, bytes[end] != Self.newline { end += 1 }
                var lineStart = i
                if heredoc.stripTabs { while lineStart < end, bytes[lineStart] == Self.tab { lineStart += 1 } }
                let line = String(decoding: bytes[lineStart..<end], as: UTF8.self)
                i = min(end + 1, bytes.count)
                if line == heredoc.delimiter { break }
            }
        }
    }
}
