using System.IO.Compression;

namespace MarketMaking.Simulation.Recordings;

/// <summary>
/// Streams the non-empty lines of several files in order, as one continuous stream, decompressing gzip files
/// (detected by their magic bytes). A file that cannot be opened or a truncated gzip is reported and the next file
/// is read: nothing is loaded whole. A gzip file is checked against its trailer's uncompressed size (RFC 1952 ISIZE),
/// because a gzip stream cut short ends without an error.
/// </summary>
internal static class RecordingLineSource
{
    public static IEnumerable<RecordingLine> ReadLines(IReadOnlyList<string> paths, Action<RecordingError> onError, CancellationToken cancellationToken)
    {
        foreach (var path in paths)
        {
            var reader = TryOpen(path, onError, out var gzip);
            if (reader is null)
            {
                continue;
            }

            using (reader)
            {
                long number = 0;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    string? text;
                    try
                    {
                        text = reader.ReadLine();
                    }
                    catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException or IOException)
                    {
                        onError(new RecordingError(path, 0, $"Stopped reading after line {number}: {exception.Message} (truncated or corrupt file)"));
                        break;
                    }

                    if (text is null)
                    {
                        if (gzip is not null && !gzip.IsComplete(out var detail))
                        {
                            onError(new RecordingError(path, 0, $"Stopped reading after line {number}: {detail} (truncated or corrupt file)"));
                        }

                        break;
                    }

                    number++;
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        yield return new RecordingLine(path, number, text);
                    }
                }
            }
        }
    }

    private static StreamReader? TryOpen(string path, Action<RecordingError> onError, out GzipSizeCheck? gzip)
    {
        gzip = null;
        FileStream? file = null;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            Span<byte> magic = stackalloc byte[2];
            var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            Stream stream = file;
            if (read == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
            {
                gzip = new GzipSizeCheck(file);
                stream = gzip;
            }

            return new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            file?.Dispose();
            onError(new RecordingError(path, 0, $"Cannot open: {exception.Message}"));
            return null;
        }
    }
}
