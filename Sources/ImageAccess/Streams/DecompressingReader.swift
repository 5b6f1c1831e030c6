import CISAL
import CZstd

/// Decompresses a layer stream (gzip through ISA-L, zstd through libzstd) and bounds
/// what it produces: total size and the ratio to the compressed input (decompression bombs).
package final class DecompressingReader: ByteReader {
    private let source: any ByteReader
    private let compression: LayerCompression
    private let limits: ReadLimits
    private let name: String
    private let input: UnsafeMutableRawBufferPointer
    private var inputStart = 0
    private var inputEnd = 0
    private var inputEOF = false
    private var compressedIn: Int64 = 0
    private(set) package var produced: Int64 = 0
    private var streamDone = false

    private var gzip: UnsafeMutablePointer<inflate_state>?
    private var zstd: OpaquePointer?

    package init(_ source: any ByteReader, compression: LayerCompression, limits: ReadLimits, name: String) {
        self.source = source
        self.compression = compression
        self.limits = limits
        self.name = name
        self.input = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
        switch compression {
        case .gzip:
            let state = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)
            isal_inflate_init(state)
            state.pointee.crc_flag = UInt32(ISAL_GZIP)
            gzip = state
        case .zstd:
            zstd = ZSTD_createDStream()
            ZSTD_initDStream(zstd)
        case .none:
            break
        }
    }

    deinit {
        input.deallocate()
        gzip?.deallocate()
        if let zstd { ZSTD_freeDStream(zstd) }
    }

    private func refill() throws {
        if inputStart == inputEnd && !inputEOF {
            let n = try source.read(into: input)
            inputStart = 0
            inputEnd = n
            compressedIn += Int64(n)
            if n == 0 { inputEOF = true }
        }
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n: Int
        switch compression {
        case .none: n = try source.read(into: buffer)
        case .gzip: n = try readGzip(into: buffer)
        case .zstd: n = try readZstd(into: buffer)
        }
        produced += Int64(n)
        if produced > limits.maxLayerBytes {
            throw ImageAccessError(.limitExceeded, "\(name): uncompressed size exceeds the limit of \(limits.maxLayerBytes) bytes (decompression bomb?)")
        }
        if compression != .none, produced > limits.ratioGraceBytes,
           produced > limits.maxCompressionRatio * max(compressedIn, 1) {
            throw ImageAccessError(.limitExceeded, "\(name): compression ratio exceeds \(limits.maxCompressionRatio):1 (\(produced) bytes from \(compressedIn); decompression bomb?)")
        }
        return n
    }

    private func readGzip(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let state = gzip else { return 0 }
        while true {
            if streamDone {
                // Another gzip member may follow (concatenated members are valid gzip).
                try refill()
                if inputStart == inputEnd { return 0 }
                if input[inputStart] == 0 {
                    // Zero padding after the last member: consume it and stop.
                    inputStart = inputEnd
                    continue
                }
                isal_inflate_reset(state)
                state.pointee.crc_flag = UInt32(ISAL_GZIP)
                streamDone = false
            }
            try refill()
            state.pointee.next_in = input.baseAddress!.advanced(by: inputStart).assumingMemoryBound(to: UInt8.self)
            state.pointee.avail_in = UInt32(inputEnd - inputStart)
            state.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            state.pointee.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
            let before = inputEnd - inputStart
            let rc = isal_inflate(state)
            let consumed = before - Int(state.pointee.avail_in)
            inputStart += consumed
            let out = min(buffer.count, Int(UInt32.max)) - Int(state.pointee.avail_out)
            if rc < 0 {
                let reason: String
                switch rc {
                case ISAL_INCORRECT_CHECKSUM: reason = "CRC check failed"
                case ISAL_INVALID_WRAPPER: reason = "not a valid gzip header"
                default: reason = "invalid deflate data (code \(rc))"
                }
                throw ImageAccessError(.decompression, "\(name): corrupt gzip stream: \(reason)")
            }
            if state.pointee.block_state == ISAL_BLOCK_FINISH {
                streamDone = true
            }
            if out > 0 { return out }
            if streamDone { continue }
            if inputEOF && inputStart == inputEnd {
                throw ImageAccessError(.decompression, "\(name): truncated gzip stream (unexpected end of data)")
            }
            if consumed == 0 && inputStart < inputEnd && !streamDone {
                // No progress with input available: buffered header bytes; read more.
                if inputEOF { throw ImageAccessError(.decompression, "\(name): truncated gzip stream") }
            }
        }
    }

    private func readZstd(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let zstd else { return 0 }
        while true {
            try refill()
            if compressedIn == 0 && inputEOF {
                throw ImageAccessError(.decompression, "\(name): empty zstd stream")
            }
            var inBuf = ZSTD_inBuffer(src: input.baseAddress!.advanced(by: inputStart), size: inputEnd - inputStart, pos: 0)
            var outBuf = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
            let rc = ZSTD_decompressStream(zstd, &outBuf, &inBuf)
            if ZSTD_isError(rc) != 0 {
                throw ImageAccessError(.decompression, "\(name): corrupt zstd stream: \(String(cString: ZSTD_getErrorName(rc)))")
            }
            inputStart += inBuf.pos
            // After a frame ends, a call without input returns a hint for the next frame header.
            if inBuf.pos > 0 || outBuf.pos > 0 { streamDone = rc == 0 }
            if outBuf.pos > 0 { return outBuf.pos }
            if inputEOF && inputStart == inputEnd {
                if streamDone { return 0 }
                throw ImageAccessError(.decompression, "\(name): truncated zstd stream")
            }
        }
    }
}
