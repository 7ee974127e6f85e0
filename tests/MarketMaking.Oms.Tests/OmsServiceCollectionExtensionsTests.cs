using MarketMaking.Adapters;
using MarketMaking.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarketMaking.Oms.Tests;

public sealed class OmsServiceCollectionExtensionsTests
{
    [Test]
    public void AddOms_AJournalInAMissingDirectory_FailsAtStartWithThePath()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Oms:JournalPath"] = "/no/such/dir/journal.db" }).Build();
        using var provider = new ServiceCollection().AddLogging().AddOms(configuration).BuildServiceProvider();

        Assert.That(
            () => provider.GetRequiredService<IStartupValidator>().Validate(),
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains("/no/such/dir/journal.db"));
    }

    [Test]
    public async Task AddOms_OnAnExistingJournal_RestoresTheOrders_AndNewIdsDoNotRepeatOldOnes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mm-oms-{Guid.NewGuid():N}.db");
        try
        {
            ClientOrderId first;
            await using (var provider = new ServiceCollection().AddLogging().AddOms(o => o.JournalPath = path).BuildServiceProvider())
            {
                var oms = provider.GetRequiredService<OrderManager>();
                first = oms.Submit(new OrderIntent(VenueId.Create("kraken"), InstrumentId.Create("BTC/USD"), Side.Buy, OrderType.Limit, new Quantity(1)) { LimitPrice = new Price(100m) }).ClientOrderId;
                Assert.That(provider.GetRequiredService<IVenueEventSink>(), Is.SameAs(provider.GetRequiredService<EngineLoop>().Sink));
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            await using var restarted = new ServiceCollection().AddLogging().AddOms(o => o.JournalPath = path).BuildServiceProvider();
            var restored = restarted.GetRequiredService<OrderManager>();
            var next = restored.Submit(new OrderIntent(VenueId.Create("kraken"), InstrumentId.Create("BTC/USD"), Side.Sell, OrderType.Limit, new Quantity(1)) { LimitPrice = new Price(101m) });

            Assert.Multiple(() =>
            {
                Assert.That(restored.Read(store => store.Find(VenueId.Create("kraken"), first)), Is.Not.Null, "the first process's order is back");
                Assert.That(next.ClientOrderId, Is.Not.EqualTo(first));
                Assert.That(ClientOrderIdGenerator.SessionOf(next.ClientOrderId), Is.GreaterThan(ClientOrderIdGenerator.SessionOf(first)!.Value),
                    "a later session tag even within the same second: ids the journal lost in a crash cannot come again");
                Assert.That(restored.Read(store => store.Count), Is.EqualTo(2));
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
