import RehearsalCore
/// Files held in memory, for tests and for tools that generate suites on the fly.
public struct MemoryFileSystem: FileSystem {
    /// File contents by path.
    public var files: [String: String]

    /// A file system holding `files` (paths use `/`; folders exist implicitly).
    public init(_ files: [String: String] = [:]) {
        self.files = Dictionary(uniqueKeysWithValues: files.map { (Path.normalize($0.key), $0.value) })
    }

    public func readText(at path: String) throws -> String {
        guard let text = files[Path.normalize(path)] else { throw InputErrorFactory.unreadable(path, kind(of: path)) }
        return text
    }

    public func kind(of path: String) -> FileKind {
        let normalized = Path.normalize(path)
        if files[normalized] != nil { return .file }
        let prefix = normalized == "." ? "" : normalized + "/"
        return files.keys.contains { $0.hasPrefix(prefix) } ? .directory : .missing
    }

    public func contents(of path: String) throws -> [String] {
        let normalized = Path.normalize(path)
        let prefix = normalized == "." ? "" : normalized + "/"
        var names = Set<String>()
        for key in files.keys where key.hasPrefix(prefix) {
            if let first = key.dropFirst(prefix.count).split(separator: "/").first { names.insert(String(first)) }
        }
        return names.sorted()
    }
}

/// The input errors file access raises.
enum InputErrorFactory {
    static func unreadable(_ path: String, _ kind: FileKind) -> InputError {
        switch kind {
        case .missing: InputError(file: path, message: "no such file or folder")
        case .directory: InputError(file: path, message: "is a folder, expected a file")
        case .file: InputError(file: path, message: "cannot be read (check its permissions)")
        }
    }

    static func notUTF8(_ path: String) -> InputError { InputError(file: path, message: "is not UTF-8 text") }
}
