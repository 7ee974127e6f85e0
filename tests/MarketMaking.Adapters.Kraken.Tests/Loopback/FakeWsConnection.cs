using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace MarketMaking.Adapters.Kraken.Tests.Loopback;

/// <summary>The server side of one WebSocket connection to <see cref="FakeKrakenServer"/>: what the client sent, and ways to answer, go silent or drop.</summary>
internal sealed class FakeWsConnection
{
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sendGate = new(1, 1);

    public FakeWsConnection(WebSocket socket, int number)
    {
        _socket = socket;
        Number = number;
    }

    /// <summary>Gets the connection's number on its endpoint, from 1.</summary>
    public int Number { get; }

    /// <summary>Gets every request the client sent, in order.</summary>
    public ConcurrentQueue<JsonElement> Requests { get; } = new();

    /// <summary>Gets or sets whether the server has gone quiet: it neither answers nor sends anything.</summary>
    public bool Silent { get; set; }

    /// <summary>Gets whether the client closed the connection with a close frame.</summary>
    public bool ClosedByClient { get; internal set; }

    public IEnumerable<JsonElement> RequestsFor(string method, string? channel = null) =>
        Requests.Where(r => r.GetProperty("method").GetString() == method
            && (channel is null || (r.TryGetProperty("params", out var p) && p.TryGetProperty("channel", out var c) && c.GetString() == channel)));

    public async Task SendAsync(string text)
    {
        if (Silent)
        {
            return;
        }

        await _sendGate.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is gone; the test sees it in the client's state.
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>Answers a request with success and the given <c>result</c> JSON (or none).</summary>
    public Task AnswerAsync(JsonElement request, string? resultJson, string? topLevelExtra = null)
    {
        var method = request.GetProperty("method").GetString();
        var reqId = request.TryGetProperty("req_id", out var id) ? id.GetInt64() : 0;
        var result = resultJson is null ? string.Empty : $",\"result\":{resultJson}";
        var extra = topLevelExtra is null ? string.Empty : $",{topLevelExtra}";
        return SendAsync($"{{\"method\":\"{method}\",\"req_id\":{reqId}{result}{extra},\"success\":true,\"time_in\":\"2024-05-18T12:00:00.000000Z\",\"time_out\":\"2024-05-18T12:00:00.000100Z\"}}");
    }

    /// <summary>Answers a request with failure and Kraken's error string.</summary>
    public Task RefuseAsync(JsonElement request, string error)
    {
        var method = request.GetProperty("method").GetString();
        var reqId = request.TryGetProperty("req_id", out var id) ? id.GetInt64() : 0;
        return SendAsync($"{{\"method\":\"{method}\",\"req_id\":{reqId},\"error\":\"{error}\",\"success\":false,\"time_in\":\"2024-05-18T12:00:00.000000Z\",\"time_out\":\"2024-05-18T12:00:00.000100Z\"}}");
    }

    /// <summary>Drops the connection without a close frame, as a network fault would.</summary>
    public void Drop() => _socket.Abort();

    internal void Record(JsonElement request) => Requests.Enqueue(request);
}
