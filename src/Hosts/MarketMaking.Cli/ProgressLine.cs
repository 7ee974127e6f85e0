using System.Diagnostics;

namespace MarketMaking.Cli;

/// <summary>
/// One line of progress on a terminal, rewritten in place at most four times a second and cleared at the end; the
/// commands create it only when their error output is a terminal, so that logs and pipes get none of it.
/// </summary>
/// <param name="writer">The terminal's error output.</param>
internal sealed class ProgressLine(TextWriter writer)
{
    private readonly long _interval = Stopwatch.Frequency / 4;
    private long _last = Stopwatch.GetTimestamp();
    private int _width;

    /// <summary>Shows the text, unless the last was shown less than a quarter of a second ago.</summary>
    /// <param name="text">The line (built only when shown if the caller passes a lambda's result; keep it cheap).</param>
    public void Report(string text)
    {
        var now = Stopwatch.GetTimestamp();
        if (now - _last < _interval)
        {
            return;
        }

        _last = now;
        _width = Math.Max(_width, text.Length);
        writer.Write("\r" + text.PadRight(_width));
    }

    /// <summary>Whether a report now would be shown: lets a caller skip building the text.</summary>
    public bool Due => Stopwatch.GetTimestamp() - _last >= _interval;

    /// <summary>Erases the line.</summary>
    public void Clear()
    {
        if (_width > 0)
        {
            writer.Write("\r" + new string(' ', _width) + "\r");
        }
    }
}
