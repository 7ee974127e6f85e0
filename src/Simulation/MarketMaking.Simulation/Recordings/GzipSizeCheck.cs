using System.Buffers.Binary;
using System.IO.Compression;

namespace MarketMaking.Simulation.Recordings;

/// <summary>
/// Decompresses a gzip file while counting its bytes, so that the end of the stream can be checked against the
/// uncompressed size the gzip trailer records (RFC 1952, ISIZE: the size modulo 2^32 of the last member).
/// </summary>
internal sealed class GzipSizeCheck(FileStream file) : Stream
{
    private readonly GZipStream _inner = new(file, CompressionMode.Decompress);
    private long _length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public bool IsComplete(out string detail)
    {
        // The smallest gzip file (10-byte header, empty deflate block, 8-byte trailer) has 20 bytes.
        if (file.Length < 20)
        {
            detail = $"the file has {file.Length} bytes, too few for a gzip header and trailer";
            return false;
        }

        Span<byte> trailer = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        var actual = (uint)_length;
        detail = $"the gzip trailer records {expected} uncompressed bytes (mod 2^32) but {actual} were read";
        return expected == actual;
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(_inner.Read(buffer));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        _length += read;
        return read;
    }
}
