using MarketMaker.Kraken.Cli;
using MarketMaking.Strategies.Configuration;

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
static string Readable(string message) => System.Text.RegularExpressions.Regex.Replace(
    message,
    "expected type '([^']+)'",
    match => Type.GetType(match.Groups[1].Value) is { } type ? SettingDescriptions.Describe(Nullable.GetUnderlyingType(type) ?? type) : match.Value);
