import RehearsalCore
import Testing

struct SHA256Tests {
    // Vectors from FIPS 180-4 examples and common references.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("The quick brown fox jumps over the lazy dog", "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"),
    ])
    func matchesKnownVectors(input: String, digest: String) {
        #expect(SHA256.hex(input) == digest)
    }

    @Test func hashesAMillionAsAcrossManyBlocks() {
        var hasher = SHA256()
        for _ in 0..<1000 { hasher.update(String(repeating: "a", count: 1000)) }
        #expect(hasher.finalize().hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

struct TraceIDTests {
    @Test func derivesTheSameIDFromTheSameParts() {
        let first = TraceID.derived(from: ["config", "scenario", "trial-0"])
        #expect(first == TraceID.derived(from: ["config", "scenario", "trial-0"]))
        #expect(first != TraceID.derived(from: ["config", "scenario", "trial-1"]))
        #expect(first.hex.count == 32)
    }

    @Test(arguments: ["", "00000000000000000000000000000000", "xyz", "0af7651916cd43dd8448eb211c80319"])
    func rejectsMalformedOrAllZeroIDs(text: String) {
        #expect(TraceID(hex: text) == nil)
    }

    @Test func acceptsW3CExampleIDs() {
        #expect(TraceID(hex: "0AF7651916CD43DD8448EB211C80319C")?.hex == "0af7651916cd43dd8448eb211c80319c")
        #expect(SpanID(hex: "b7ad6b7169203331") != nil)
    }
}
