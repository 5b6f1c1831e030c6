public import Foundation

import Glibc
import CoreFoundation


/// Reads a regular file of at most `limit` bytes. Devices, FIFOs and directories are refused (their
/// reported size says nothing about what a read returns), and a file growing past the limit is refused.
public enum BoundedFile {
    public static func read(_ path: String, limit: Int) throws(AdvisoryFormatError) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            throw AdvisoryFormatError(source: path, reason: "cannot be opened (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var info = Glibc.stat()
        guard fstat(fd, &info) == 0 else {
            throw AdvisoryFormatError(source: path, reason: "cannot be examined (\(String(cString: strerror(errno))))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw AdvisoryFormatError(source: path, reason: "is not a regular file")
        }
        guard Int(info.st_size) <= limit else {
            throw AdvisoryFormatError(source: path, reason: "is \(info.st_size) bytes, more than the \(limit) allowed")
        }
        var data = Data(count: Int(info.st_size) + 1)
        var filled = 0
        while true {
            if filled == data.count {
                guard data.count <= limit else {
                    throw AdvisoryFormatError(source: path, reason: "grew past the \(limit) bytes allowed while being read")
                }
                data.count += 65536
            }
            let n = data.withUnsafeMutableBytes { buffer in
                Glibc.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw AdvisoryFormatError(source: path, reason: "read failed (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            filled += n
        }
        guard filled <= limit else {
            throw AdvisoryFormatError(source: path, reason: "grew past the \(limit) bytes allowed while being read")
        }
        data.count = filled
        return data
    }
}
