using System.Buffers.Binary;

namespace MarketMaking.Simulation.Recordings.Binary;

/// <summary>
/// A binary event file read through one buffer, refilled as records need it: a field is a bounds check and a load, not
/// a call into the stream (a <see cref="BinaryReader"/> reads each field through the stream's own buffer). The buffer
/// grows to hold the largest record, a snapshot's levels read as one block.
/// </summary>
/// <param name="stream">The file, owned and disposed with the cursor.</param>
internal sealed class RecordCursor(Stream stream) : IDisposable
{
    private byte[] _buffer = new byte[1 << 16];
    private int _position;
    private int _end;

    /// <summary>Whether the file ends here: no byte left in the buffer or the stream.</summary>
    public bool IsAtEnd()
    {
        if (_position < _end)
        {
            return false;
        }

        _position = 0;
        _end = stream.Read(_buffer);
        return _end == 0;
    }

    public byte Byte()
    {
        Need(1);
        return _buffer[_position++];
    }

    public ushort UInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(sizeof(ushort)));

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Bytes(sizeof(int)));

    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Bytes(sizeof(long)));

    /// <summary>The next <paramref name="count"/> bytes, valid until the next read.</summary>
    /// <exception cref="EndOfStreamException">The file ends before them.</exception>
    public ReadOnlySpan<byte> Bytes(int count)
    {
        Need(count);
        var bytes = _buffer.AsSpan(_position, count);
        _position += count;
        return bytes;
    }

    public void Dispose() => stream.Dispose();

    private void Need(int count)
    {
        if (_end - _position < count)
        {
            Refill(count);
        }
    }

    /// <summary>Moves what is left to the buffer's start (a larger buffer when the record needs it) and reads on until <paramref name="count"/> bytes are there.</summary>
    private void Refill(int count)
    {
        var left = _end - _position;
        var buffer = count > _buffer.Length ? new byte[Math.Max(count, _buffer.Length * 2)] : _buffer;
        Buffer.BlockCopy(_buffer, _position, buffer, 0, left);
        (_buffer, _position, _end) = (buffer, 0, left);
        while (_end < count)
        {
            var read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            _end += read;
        }
    }
}
