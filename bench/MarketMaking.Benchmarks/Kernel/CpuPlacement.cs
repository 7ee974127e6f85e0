using System.Globalization;

namespace MarketMaking.Benchmarks.Kernel;

/// <summary>Where the kernel's two threads run: the loop's (here, the thread that drives it) and the journal's writer; <see langword="null"/> lets the OS choose.</summary>
/// <param name="Loop">The loop's CPU (<c>--loop-cpu N</c>).</param>
/// <param name="JournalWriter">The journal writer's CPU (<c>--journal-cpu N</c>).</param>
internal readonly record struct CpuPlacement(int? Loop, int? JournalWriter)
{
    /// <summary>Reads <c>--loop-cpu N</c> and <c>--journal-cpu N</c> among the arguments.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The placement.</returns>
    public static CpuPlacement Parse(IReadOnlyList<string> args) => new(Option(args, "--loop-cpu"), Option(args, "--journal-cpu"));

    /// <inheritdoc/>
    public override string ToString() =>
        Loop is null && JournalWriter is null ? "threads where the OS puts them" : $"loop on CPU {Loop?.ToString(CultureInfo.InvariantCulture) ?? "any"}, journal writer on CPU {JournalWriter?.ToString(CultureInfo.InvariantCulture) ?? "any"}";

    private static int? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
