using System.Net.WebSockets;
using System.Text.Json;
using MarketMaking.Adapters;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketMaking.Benchmarks;

/// <summary>
/// The live public-WebSocket path per frame, as <see cref="KrakenSpotWsClient"/> runs it: the real BTC/USD capture
/// handed to the public session frame by frame (parse, apply, checksum), and each verified snapshot or delta
/// normalized into a <see cref="BookSnapshot"/> or <see cref="BookDelta"/> event and posted to a sink that drops it.
/// Unlike <see cref="OrderBookBenchmark"/>, this includes building the event objects the engine loop receives.
/// </summary>
[MemoryDiagnoser]
public class KrakenSessionBenchmark
{
    private const int CaptureFrames = 510;
    private byte[][] _capture = [];
    private KrakenPublicSession _session = null!;
    private CountingSink _sink = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.Fixture("kraken/ws-book-sequence-btcusd.json")));
        _capture = [JsonSerializer.SerializeToUtf8Bytes(document.RootElement.GetProperty("snapshot")),
            .. document.RootElement.GetProperty("updates").EnumerateArray().Select(u => JsonSerializer.SerializeToUtf8Bytes(u))];
        _sink = new CountingSink();
        _session = new KrakenPublicSession(_sink, new KrakenWsRequester(TimeProvider.System), TimeProvider.System, NullLogger.Instance, TimeSpan.FromSeconds(5));
        _session.OnMessageAsync(File.ReadAllBytes(RepoPaths.Fixture("kraken/ws-instrument-snapshot.json")), WebSocketMessageType.Text).AsTask().GetAwaiter().GetResult();
        _session.SubscribeBookAsync(InstrumentId.Create("BTC/USD"), 10, connected: false, CancellationToken.None).GetAwaiter().GetResult();
        if (Replay() != CaptureFrames || _session.SkippedFrames != 0)
        {
            throw new InvalidOperationException($"Expected {CaptureFrames} verified book events per replay.");
        }
    }

    /// <summary>One frame of the real capture through the public session into a posted event (per-frame cost).</summary>
    [Benchmark(OperationsPerInvoke = CaptureFrames)]
    public int KrakenSessionFrame() => Replay();

    private int Replay()
    {
        _sink.BookEvents = 0;
        foreach (var frame in _capture)
        {
            var handled = _session.OnMessageAsync(frame, WebSocketMessageType.Text);
            if (!handled.IsCompletedSuccessfully)
            {
                handled.AsTask().GetAwaiter().GetResult();
            }
        }

        return _sink.BookEvents;
    }

    private sealed class CountingSink : IVenueEventSink
    {
        public int BookEvents { get; set; }

        public ValueTask PostAsync(VenueEvent venueEvent, CancellationToken cancellationToken = default)
        {
            if (venueEvent is BookSnapshot or BookDelta)
            {
                BookEvents++;
            }

            return ValueTask.CompletedTask;
        }
    }
}
