using System.CommandLine;
using System.Net.Http.Headers;

namespace MarketMaking.Cli.Commands;

/// <summary>
/// <c>mm control status|halt|resume</c>: the operator's side of <c>market-maker-kraken</c>'s control endpoint, with the
/// token the host wrote to its state directory.
/// </summary>
internal static class ControlCommand
{
    public static Command Create()
    {
        var command = new Command("control", "Show, halt or resume a running market-maker-kraken through its control endpoint (loopback, operator token).");
        foreach (var (name, method, description) in new[]
        {
            ("status", HttpMethod.Get, "Trading state and why, the kill switch, positions, fees, fills, open orders, connections."),
            ("halt", HttpMethod.Post, "Cancel every order and send no new one (the kill switch's cancel-all, latched until resume)."),
            ("resume", HttpMethod.Post, "Reset the kill switch: trading active again."),
        })
        {
            var url = new Option<Uri>("--url") { Description = "The host's /metrics server.", DefaultValueFactory = _ => new Uri("http://127.0.0.1:9464/") };
            var tokenFile = new Option<string>("--token-file") { Description = "The operator token the host wrote at start.", DefaultValueFactory = _ => Path.Combine("state", "control.token") };
            var reason = new Option<string?>("--reason") { Description = "Why (logged by the host)." };
            var sub = new Command(name, description) { url, tokenFile, reason };
            sub.SetAction((result, cancellationToken) => RunAsync(method, name, result.GetValue(url)!, result.GetValue(tokenFile)!, result.GetValue(reason), Console.Out, Console.Error, cancellationToken));
            command.Subcommands.Add(sub);
        }

        return command;
    }

    internal static async Task<int> RunAsync(HttpMethod method, string action, Uri url, string tokenFile, string? reason, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        string token;
        try
        {
            token = (await File.ReadAllTextAsync(tokenFile, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: the operator token cannot be read from {tokenFile} ({exception.Message}); run this as the user who runs the host, from its working directory, or give --token-file");
            return 2;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(method, new Uri(url, $"control/{action}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (reason is not null)
        {
            request.Content = new StringContent(reason);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            (response.IsSuccessStatusCode ? output : errors).WriteLine(body.TrimEnd());
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException exception)
        {
            errors.WriteLine($"error: no host answers at {url} ({exception.Message}); is market-maker-kraken running with --metrics-port {url.Port}?");
            return 1;
        }
    }
}
