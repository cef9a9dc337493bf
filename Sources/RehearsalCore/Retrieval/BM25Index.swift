import Foundation

/// A lexical ranker over policy passages: Okapi BM25, deterministic to the last digit.
///
/// Documents are split into passages at blank lines; Markdown headings are not passages but name the section of
/// the passages under them. Text is tokenized by lower-casing, splitting at anything that is not a letter or a
/// digit, dropping common English stop words and a trailing plural `s` (so "receipts" finds "receipt"). Scores use
/// k1 = 1.2, b = 0.75 and idf = ln(1 + (N - n + 0.5) / (n + 0.5)); ties rank by document name, then passage
/// number, so the same query always gives the same list.
public struct BM25Index: Sendable {
    /// The passages, in document order.
    public let passages: [Passage]
    private let termCounts: [[String: Int]]
    private let lengths: [Int]
    private let documentFrequency: [String: Int]
    private let averageLength: Double

    /// Term-frequency saturation.
    public static let k1 = 1.2
    /// Length normalization.
    public static let b = 0.75

    /// An index over the passages of `documents`.
    public init(documents: [PolicyDocument]) {
        var passages: [Passage] = []
        for document in documents.sorted(by: { $0.name < $1.name }) { passages += BM25Index.passages(of: document) }
        self.passages = passages
        termCounts = passages.map { passage in
            var counts: [String: Int] = [:]
            for token in BM25Index.tokens(passage.section.map { $0 + " " + passage.text } ?? passage.text) { counts[token, default: 0] += 1 }
            return counts
        }
        lengths = termCounts.map { $0.values.reduce(0, +) }
        var frequency: [String: Int] = [:]
        for counts in termCounts { for term in counts.keys { frequency[term, default: 0] += 1 } }
        documentFrequency = frequency
        averageLength = lengths.isEmpty ? 0 : Double(lengths.reduce(0, +)) / Double(lengths.count)
    }

    /// The best `limit` passages for `query`, best first; passages sharing no term with the query are left out.
    public func search(_ query: String, limit: Int) -> [(passage: Passage, score: Double)] {
        let terms = Set(BM25Index.tokens(query)).sorted()
        guard !terms.isEmpty, !passages.isEmpty else { return [] }
        let count = Double(passages.count)
        var scored: [(index: Int, score: Double)] = []
        for index in passages.indices {
            var score = 0.0
            for term in terms {
                guard let frequency = termCounts[index][term], let documents = documentFrequency[term] else { continue }
                let idf = log(1 + (count - Double(documents) + 0.5) / (Double(documents) + 0.5))
                let tf = Double(frequency)
                let norm = BM25Index.k1 * (1 - BM25Index.b + BM25Index.b * Double(lengths[index]) / averageLength)
                score += idf * tf * (BM25Index.k1 + 1) / (tf + norm)
            }
            if score > 0 { scored.append((index, score)) }
        }
        scored.sort { lhs, rhs in
            if lhs.score != rhs.score { return lhs.score > rhs.score }
            let a = passages[lhs.index]
            let b = passages[rhs.index]
            return a.document != b.document ? a.document < b.document : a.number < b.number
        }
        return scored.prefix(max(0, limit)).map { (passages[$0.index], $0.score) }
    }

    /// The passages of one document: blank-line separated blocks, headings naming sections.
    public static func passages(of document: PolicyDocument) -> [Passage] {
        var result: [Passage] = []
        var section: String?
        var block: [Substring] = []
        func flush() {
            let text = block.map { $0.trimmedWhitespace }.joined(separator: "\n")
            if !text.isEmpty { result.append(Passage(document: document.name, number: result.count + 1, section: section, text: text)) }
            block = []
        }
        // Character.isNewline covers "\r\n" (one Character in Swift), "\n" and "\r": Windows line endings split too.
        for line in document.text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let trimmed = line.trimmedWhitespace
            if trimmed.isEmpty {
                flush()
            } else if trimmed.hasPrefix("#") {
                flush()
                section = String(trimmed.drop(while: { $0 == "#" }).trimmedWhitespace)
            } else {
                block.append(line)
            }
        }
        flush()
        return result
    }

    /// The terms of `text`: lower-cased words of letters and digits, stop words dropped, a plural `s` removed.
    public static func tokens(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).compactMap { word in
            guard !stopWords.contains(String(word)) else { return nil }
            if word.count > 3 && word.hasSuffix("s") && !word.hasSuffix("ss") && !word.hasSuffix("us") && !word.hasSuffix("is") {
                return String(word.dropLast())
            }
            return String(word)
        }
    }

    /// Common English words that carry no meaning for retrieval.
    public static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "has", "have", "how", "i", "if",
        "in", "is", "it", "its", "may", "me", "my", "of", "on", "or", "our", "should", "that", "the", "their", "them", "then",
        "there", "these", "they", "this", "to", "was", "we", "what", "when", "which", "who", "will", "with", "you", "your",
    ]
}

/// A policy document: a name (its path inside the suite's `policies/` folder) and its Markdown text.
public struct PolicyDocument: Sendable, Hashable {
    /// The document's name, e.g. `returns-policy.md`.
    public var name: String
    /// Its text.
    public var text: String

    /// A document from its parts.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// One retrievable paragraph of a policy document.
public struct Passage: Sendable, Hashable {
    /// The document it comes from.
    public var document: String
    /// Its number in the document, from 1.
    public var number: Int
    /// The heading above it, when there is one.
    public var section: String?
    /// Its text.
    public var text: String
}

extension StringProtocol {
    fileprivate var trimmedWhitespace: Substring {
        var slice = self[...]
        while let first = slice.first, first.isWhitespace { slice = slice.dropFirst() }
        while let last = slice.last, last.isWhitespace { slice = slice.dropLast() }
        return Substring(slice)
    }
}
