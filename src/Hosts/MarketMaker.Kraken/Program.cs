using MarketMaker.Kraken.Cli;

var parsed = HostCommand.Create().Parse(args);

// A mistyped flag is a configuration problem like any other: exit code 2 (System.CommandLine's own is 1).
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"market-maker-kraken: {Readable(error.Message)}");
    }

    Console.Error.WriteLine("Run market-maker-kraken --help for the flags.");
    return 2;
}

return await parsed.InvokeAsync().ConfigureAwait(false);

// System.CommandLine names the option's .NET type ("System.Nullable`1[System.Double]"); a user reads the kind of value.
static string Readable(string message) => message
    .Replace("System.Nullable`1[System.Double]", "number", StringComparison.Ordinal)
    .Replace("System.Nullable`1[System.Decimal]", "number", StringComparison.Ordinal)
    .Replace("System.Decimal", "number", StringComparison.Ordinal)
    .Replace("System.Nullable`1[System.Int32]", "whole number", StringComparison.Ordinal)
    .Replace("System.Double", "number", StringComparison.Ordinal)
    .Replace("System.Int32", "whole number", StringComparison.Ordinal)
    .Replace("System.Int64", "whole number", StringComparison.Ordinal);
