using MarketMaking.Adapters.Kraken;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Simulation.Matching;

namespace MarketMaking.Simulation.Tests;

/// <summary>The Kraken front writes each typed refusal of the matching engine as Kraken's own error string.</summary>
public sealed class KrakenRejectsTests
{
    [Test]
    public void EveryTypedRefusal_IsWrittenAsKrakensString_WhichTheAdapterReadsBackAsTheSameKind()
    {
        foreach (var reason in Enum.GetValues<SimulatedReject>())
        {
            var refusal = SimulatedRejection.Of(reason, reason is SimulatedReject.InvalidArguments ? "volume below 0" : null);

            var wire = KrakenRejects.Wire(refusal);

            Assert.That(wire, Does.Match("^E(API|General|Order|Query):"), $"{reason}: Kraken's form");
            Assert.That(KrakenErrors.Map(wire).Kind, Is.EqualTo(refusal.Kind), $"{reason} ({wire}): the adapter reads the kind the engine meant");
        }

        Assert.Multiple(() =>
        {
            Assert.That(KrakenRejects.Wire(SimulatedRejection.Of(SimulatedReject.PostOnlyWouldCross)), Is.EqualTo("EOrder:Post only order"));
            Assert.That(KrakenRejects.Wire(SimulatedRejection.Of(SimulatedReject.InvalidArguments, "volume below 0")), Is.EqualTo("EGeneral:Invalid arguments:volume below 0"));
            Assert.That(KrakenRejects.Wire(SimulatedRejection.Of(SimulatedReject.UnknownInstrument)), Is.EqualTo("EQuery:Unknown asset pair"));
        });
    }
}
