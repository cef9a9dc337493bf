import Foundation
import RehearsalCore

/// The machine's own file system.
public struct LocalFileSystem: FileSystem {
    /// The local file system.
    public init() {}

    public func readText(at path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputErrorFactory.unreadable(path, kind(of: path))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputErrorFactory.notUTF8(path)
        }
        return text
    }

    public func kind(of path: String) -> FileKind {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
        return isDirectory.boolValue ? .directory : .file
    }

    public func contents(of path: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw InputErrorFactory.unreadable(path, kind(of: path))
        }
    }
}
