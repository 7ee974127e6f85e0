using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Simulation.Reporting;

namespace MarketMaking.Simulation.Tests;

/// <summary>The equity recorder's position statistics on a driven loop and a fake clock, worked out by hand.</summary>
public sealed class EquityRecorderTests
{
    private static readonly AssetId s_btc = AssetId.Create("BTC");

    [Test]
    public async Task TheTimeWeightedPosition_WeighsEachPositionByHowLongItWasHeld_UpToTheLastEvent()
    {
        await using var kernel = new DrivenKernel();
        using var inventory = new InventoryManager(kernel.Oms, null, new PositionLimits(), kernel.Books, kernel.Clock, kernel.Loop.Sink);
        inventory.Track(DrivenKernel.Instrument, new AssetPair(s_btc, AssetId.Create("USD")));
        var equity = new EquityRecorder(kernel.Oms, kernel.Books, inventory, kernel.Clock, DrivenKernel.Venue, DrivenKernel.Instrument, s_btc);
        kernel.Loop.AddHandler(inventory);
        kernel.Loop.AddHandler(equity);

        // Flat for 10 s, long 2 for 30 s, long 0.5 for 20 s; a book event between, as a run has them.
        await kernel.PostAsync(kernel.Book(99m, 101m));
        kernel.Clock.Advance(TimeSpan.FromSeconds(10));
        await kernel.PostAsync(kernel.Fill(kernel.AcknowledgedOrder("c-1", Side.Buy, 2m), 100m, "T-1"));
        kernel.Clock.Advance(TimeSpan.FromSeconds(15));
        await kernel.PostAsync(kernel.Book(99m, 101m));
        kernel.Clock.Advance(TimeSpan.FromSeconds(15));
        await kernel.PostAsync(kernel.Fill(kernel.AcknowledgedOrder("c-2", Side.Sell, 1.5m), 100m, "T-2"));
        kernel.Clock.Advance(TimeSpan.FromSeconds(20));
        await kernel.PostAsync(kernel.Book(99m, 101m));

        var statistics = equity.Statistics(placed: 2, filled: 2, volume: 3.5m, turnover: 350m);
        using (Assert.EnterMultipleScope())
        {
            // (0 × 10 + 2 × 30 + 0.5 × 20) / 60 = 70 / 60.
            Assert.That(statistics.TimeWeightedAbsolutePosition, Is.EqualTo(decimal.Round(70m / 60m, 8)));
            Assert.That(statistics.MaxAbsolutePosition, Is.EqualTo(2m));
        }
    }
}
