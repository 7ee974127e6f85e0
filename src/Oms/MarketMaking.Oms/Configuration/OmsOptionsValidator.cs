using Microsoft.Extensions.Options;

namespace MarketMaking.Oms;

/// <summary>Checks <see cref="OmsOptions"/> at start, listing every problem.</summary>
public sealed class OmsOptionsValidator : IValidateOptions<OmsOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, OmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.JournalPath is { Length: > 0 } path)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (string.IsNullOrWhiteSpace(path) || directory is null || !Directory.Exists(directory))
            {
                return ValidateOptionsResult.Fail($"Oms: JournalPath '{path}' is not in an existing directory");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
