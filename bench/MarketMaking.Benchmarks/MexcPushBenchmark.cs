using BenchmarkDotNet.Attributes;
using MarketMaking.Adapters.Mexc;
using MarketMaking.Models;
using MarketMaking.Testing;

namespace MarketMaking.Benchmarks;

/// <summary>
/// One MEXC Spot protobuf depth push (the aggregated-depth fixture of <c>tests/fixtures/mexc/spot/ws/pb-bin</c>)
/// decoded into the normalized <see cref="BookDelta"/> the engine loop receives.
/// </summary>
[MemoryDiagnoser]
public class MexcPushBenchmark
{
    private static readonly VenueId s_venue = VenueId.Create("mexc");
    private readonly List<VenueEvent> _events = new(4);
    private byte[] _frame = [];

    [GlobalSetup]
    public void Setup()
    {
        _frame = File.ReadAllBytes(RepoPaths.Fixture("mexc/spot/ws/pb-bin/aggre-depth-BTCUSDT.bin"));
        if (DecodeDepthPush() != 1)
        {
            throw new InvalidOperationException("Expected one delta from the fixture.");
        }
    }

    /// <summary>Decodes the frame into a delta.</summary>
    [Benchmark]
    public int DecodeDepthPush()
    {
        _events.Clear();
        MexcSpotPushReader.TryRead(_frame, s_venue, 1, _events, out _);
        return _events.Count;
    }
}
