using System.Text.Json;

namespace MarketMaking.Simulation.Recordings;

/// <summary>
/// Streams the members of a top-level JSON object from a stream: each property's value as raw UTF-8, except that an
/// array value is streamed element by element. A top-level array is streamed element by element, with an empty property
/// name. Memory is bounded by the largest single element, not the file.
/// </summary>
internal static class JsonMemberStreamer
{
    public static IEnumerable<(string Property, int Index, byte[] Value)> ReadMembers(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        int start = 0, end = 0;
        var isFinal = false;
        var state = new JsonReaderState();
        var phase = Phase.Start;
        string property = string.Empty;
        var index = 0;
        var topLevelArray = false;

        while (phase != Phase.Done)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = TryStep(buffer.AsSpan(start, end - start), isFinal, ref state, ref phase, ref property, ref topLevelArray, out var consumed, out var value);
            if (step)
            {
                start += consumed;
                if (value is not null)
                {
                    yield return (property, phase == Phase.InArray ? index++ : -1, value);
                }

                if (phase == Phase.InArray && value is null)
                {
                    index = 0;
                }

                continue;
            }

            if (isFinal)
            {
                throw new JsonException("The JSON document ends before its top-level object is complete.");
            }

            // Need more data: compact, grow when one element fills the buffer, and refill.
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = stream.Read(buffer, end, buffer.Length - end);
            end += read;
            isFinal = read == 0;
        }
    }

    private static bool TryStep(
        ReadOnlySpan<byte> data, bool isFinal, ref JsonReaderState state, ref Phase phase, ref string property, ref bool topLevelArray, out int consumed, out byte[]? value)
    {
        var reader = new Utf8JsonReader(data, isFinal, state);
        consumed = 0;
        value = null;
        if (!reader.Read())
        {
            return false;
        }

        switch (phase)
        {
            case Phase.Start:
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    topLevelArray = true;
                    phase = Phase.InArray;
                    break;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException("Expected a top-level JSON object or array.");
                }

                phase = Phase.Property;
                break;

            case Phase.Property:
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    phase = Phase.Done;
                    break;
                }

                var name = reader.GetString() ?? string.Empty;
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    property = name;
                    phase = Phase.InArray;
                    break;
                }

                var valueStart = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    return false;
                }

                property = name;
                value = data[valueStart..(int)reader.BytesConsumed].ToArray();
                break;

            case Phase.InArray:
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    phase = topLevelArray ? Phase.Done : Phase.Property;
                    break;
                }

                var elementStart = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    return false;
                }

                value = data[elementStart..(int)reader.BytesConsumed].ToArray();
                break;
        }

        consumed = (int)reader.BytesConsumed;
        state = reader.CurrentState;
        return true;
    }

    private enum Phase
    {
        Start,
        Property,
        InArray,
        Done,
    }
}
