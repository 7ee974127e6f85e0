using Microsoft.Extensions.Options;

namespace MarketMaking.Oms;

/// <summary>Checks <see cref="OmsOptions"/> at start, listing every problem.</summary>
public sealed class OmsOptionsValidator : IValidateOptions<OmsOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, OmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.JournalPath is { Length: > 0 } path)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (string.IsNullOrWhiteSpace(path) || directory is null || !Directory.Exists(directory))
            {
                problems.Add($"Oms: JournalPath '{path}' is not in an existing directory");
            }
        }

        foreach (var (setting, cpu) in new[] { (nameof(options.LoopCpu), options.LoopCpu), (nameof(options.JournalWriterCpu), options.JournalWriterCpu) })
        {
            if (cpu is { } number && CpuAffinity.Problem(number) is { } problem)
            {
                problems.Add($"Oms: {setting} {number}: {problem}");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
