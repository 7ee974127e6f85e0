namespace MarketMaking.Simulation.Recordings;

/// <summary>A line of a recording that could not be used; the reader reports it and goes on with the next line.</summary>
/// <param name="File">The file's path.</param>
/// <param name="Line">The 1-based line number, or 0 when the error is about the file as a whole (such as a truncated gzip).</param>
/// <param name="Message">What is wrong.</param>
public sealed record RecordingError(string File, long Line, string Message)
{
    /// <summary>Returns <c>file:line: message</c>.</summary>
    /// <returns>The error text.</returns>
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
