using MarketMaking.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarketMaking.Adapters.Mexc.Tests;

public sealed class MexcServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IVenueEventSink>(new ChannelVenueEventSink())
            .AddMexcSpot(configuration).AddMexcFutures(configuration).BuildServiceProvider();
    }

    [Test]
    public async Task AddMexcSpotAndFutures_EnvironmentCredentials_FillBoth_AndGiveKeyedSpotClients()
    {
        await using var provider = Build(new() { ["MEXC_API_KEY"] = "key", ["MEXC_API_SECRET"] = "secret", ["MexcSpot:Symbols:0"] = "BTCUSDT", ["MexcSpot:OrderRequestsPerSecond"] = "5" });

        var spot = provider.GetRequiredService<IOptions<MexcSpotOptions>>().Value;
        var futures = provider.GetRequiredService<IOptions<MexcFuturesOptions>>().Value;
        var rest = provider.GetRequiredKeyedService<ISpotRest>("mexc");
        var ws = provider.GetRequiredKeyedService<ISpotWs>("mexc");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(spot.HasCredentials && futures.HasCredentials, Is.True);
            Assert.That(futures.EnableOrderEntry, Is.False, "futures order entry stays off unless asked for");
            Assert.That(rest, Is.SameAs(provider.GetRequiredService<MexcSpotRestClient>()));
            Assert.That(((MexcSpotRestClient)rest).Symbols, Is.EqualTo(new[] { "BTCUSDT" }));
            Assert.That(((MexcSpotRestClient)rest).OrderCounter.Maximum, Is.EqualTo(5));
            Assert.That(ws, Is.SameAs(provider.GetRequiredService<MexcSpotWsClient>()));
            Assert.That(ws.PublicState, Is.EqualTo(ConnectionState.Disconnected), "nothing opened before a subscription");
            Assert.That(provider.GetRequiredService<MexcFuturesRestClient>().Venue.Value, Is.EqualTo("mexc-futures"));
        }
    }

    [Test]
    public void AddMexcSpotAndFutures_BadSettings_FailAtStartListingEveryProblem()
    {
        using var provider = Build(new()
        {
            ["MexcSpot:RestBaseUrl"] = "http://api.example.com",
            ["MexcSpot:RecvWindowMilliseconds"] = "60000",
            ["MexcSpot:PushInterval"] = "1s",
            ["MEXC_API_KEY"] = "key-without-secret",
        });

        Assert.That(
            () => provider.GetRequiredService<IStartupValidator>().Validate(),
            // Two option types fail: the validator aggregates one OptionsValidationException per type.
            Throws.TypeOf<AggregateException>().With.Message.Contain("plain http://")
                .And.Message.Contain("RecvWindowMilliseconds")
                .And.Message.Contain("PushInterval must be 10ms or 100ms")
                .And.Message.Contain("MEXC Spot: set both ApiKey and ApiSecret")
                .And.Message.Contain("MEXC Futures: set both ApiKey and ApiSecret"));
    }
}
