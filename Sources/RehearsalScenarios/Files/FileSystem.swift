/// Reads files and lists folders: the loaders' only access to storage, so they can be tested on memory.
public protocol FileSystem: Sendable {
    /// The text of the file at `path`.
    /// - Throws: ``InputError``-shaped errors when it is missing or unreadable.
    func readText(at path: String) throws -> String
    /// Whether `path` is a folder, a file, or absent.
    func kind(of path: String) -> FileKind
    /// The names of the entries in the folder at `path`, sorted.
    func contents(of path: String) throws -> [String]
}

/// What is at a path.
public enum FileKind: Sendable, Hashable {
    case file, directory, missing
}

extension FileSystem {
    /// Every file below `path` (itself, if it is a file) whose name satisfies `include`, sorted; hidden entries
    /// and `.build` folders are skipped.
    public func files(under path: String, where include: (String) -> Bool) throws -> [String] {
        switch kind(of: path) {
        case .missing: return []
        case .file: return include(Path.name(of: path)) ? [path] : []
        case .directory:
            var result: [String] = []
            for name in try contents(of: path) where !name.hasPrefix(".") {
                result += try files(under: Path.join(path, name), where: include)
            }
            return result
        }
    }
}

/// Path arithmetic on `/`-separated strings, kept as the user wrote them (relative stays relative).
public enum Path {
    /// `base/name`, without doubling slashes.
    public static func join(_ base: String, _ name: String) -> String {
        if name.hasPrefix("/") || base.isEmpty || base == "." { return name }
        return base.hasSuffix("/") ? base + name : base + "/" + name
    }

    /// The last component.
    public static func name(of path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? trimmed
    }

    /// Everything before the last component (`.` for a bare name).
    public static func parent(of path: String) -> String {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// `path` with `.` and `..` components resolved where possible.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == ".." && absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
