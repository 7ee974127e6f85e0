namespace MarketMaking.Simulation.Recordings;

/// <summary>One non-empty line of a recording file.</summary>
/// <param name="File">The file's path.</param>
/// <param name="Number">The 1-based line number.</param>
/// <param name="Text">The line, without its line break.</param>
internal readonly record struct RecordingLine(string File, long Number, string Text);
