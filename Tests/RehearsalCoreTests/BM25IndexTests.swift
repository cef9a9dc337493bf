import Foundation
import RehearsalCore
import Testing

struct BM25IndexTests {
    let policy = PolicyDocument(name: "returns.md", text: """
        # Returns

        Receipts are required.

        Final sale items cannot be returned.

        ## Exchanges
        Exchanges keep the same product type.
        """)

    @Test func splitsDocumentsIntoPassagesNamedByTheirSection() {
        let passages = BM25Index.passages(of: policy)
        #expect(passages.map(\.text) == ["Receipts are required.", "Final sale items cannot be returned.", "Exchanges keep the same product type."])
        #expect(passages.map(\.section) == ["Returns", "Returns", "Exchanges"])
        #expect(passages.map(\.number) == [1, 2, 3])
    }

    @Test func tokenizesDroppingStopWordsAndPlurals() {
        #expect(BM25Index.tokens("Receipts are REQUIRED for returns; class status") == ["receipt", "required", "return", "class", "status"])
    }

    @Test func scoresAHandComputedExample() throws {
        let hits = BM25Index(documents: [policy]).search("final sale", limit: 5)
        let top = try #require(hits.first)
        #expect(hits.count == 1)
        #expect(top.passage.number == 2)
        // Passage terms (section words included): [return receipt required], [return final sale item cannot
        // returned], [exchange exchange keep same product type]: lengths 3, 6, 6, average 5. "final" and "sale"
        // occur in one passage of three: idf = ln(1 + 2.5/1.5); tf = 1; norm = 1.2 * (0.25 + 0.75 * 6/5) = 1.38.
        let idf = log(1 + 2.5 / 1.5)
        let norm = 1.2 * (0.25 + 0.75 * 6.0 / 5.0)
        #expect(abs(top.score - 2 * idf * 2.2 / (1 + norm)) < 1e-12)
    }

    @Test func ranksTiesByDocumentThenPassage() {
        let index = BM25Index(documents: [
            PolicyDocument(name: "b.md", text: "refund window"), PolicyDocument(name: "a.md", text: "refund window"),
        ])
        #expect(index.search("refund", limit: 5).map(\.passage.document) == ["a.md", "b.md"])
        #expect(index.search("the of and", limit: 5).isEmpty)
    }

    @Test func answersThroughTheBuiltInToolWithRoundedScores() {
        let tool = PolicySearchTool(index: BM25Index(documents: [policy]))
        let answer = tool.search(["query": "receipt", "top_k": 1])
        let result = answer["results"]?.arrayValue?.first
        #expect(result?["document"] == "returns.md")
        #expect(result?["section"] == "Returns")
        #expect(result?["text"] == "Receipts are required.")
        let score = result?["score"]?.numberValue ?? 0
        #expect(score == (score * 10_000).rounded() / 10_000)
    }
}
