using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Adapters.Binance.Tests;

/// <summary>The limits Binance's answers report, kept; a 429's or 418's wait kept to, on a fake clock.</summary>
public sealed class BinanceRequestWeightTests
{
    [Test]
    public void TheHeaders_AreTheWeightAndOrderCounts_AndA429sRetryAfter_IsWaitedOut()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20_000));
        var limits = new BinanceRequestWeight(clock);

        var ok = Answer(HttpStatusCode.OK, ("X-MBX-USED-WEIGHT-1M", "120"), ("X-MBX-ORDER-COUNT-10S", "3"), ("X-MBX-ORDER-COUNT-1D", "57"));
        var wait = limits.OnAnswer(200, ok.Headers);
        var afterOk = (limits.UsedWeight, limits.OrderCount, limits.Backoff);
        var limited = limits.OnAnswer(429, Answer(HttpStatusCode.TooManyRequests, ("X-MBX-USED-WEIGHT-1M", "6001"), ("Retry-After", "30")).Headers);
        clock.Advance(TimeSpan.FromSeconds(10));
        var tenSecondsOn = limits.Backoff;
        clock.Advance(TimeSpan.FromSeconds(20));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(wait, Is.Null);
            Assert.That(afterOk, Is.EqualTo((120L, (3L, 57L), TimeSpan.Zero)));
            Assert.That(limited, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(limits.UsedWeight, Is.EqualTo(6001));
            Assert.That(tenSecondsOn, Is.EqualTo(TimeSpan.FromSeconds(20)), "nothing sent for the rest of the wait");
            Assert.That(limits.Backoff, Is.EqualTo(TimeSpan.Zero), "the wait is over");
        }
    }

    [Test]
    public void A418WithoutRetryAfter_WaitsAMinute_AndAShorterLaterWait_DoesNotCutALongerOne()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20_000));
        var limits = new BinanceRequestWeight(clock);

        limits.OnAnswer(418, Answer((HttpStatusCode)418).Headers);
        limits.OnAnswer(429, Answer(HttpStatusCode.TooManyRequests, ("Retry-After", "5")).Headers);

        Assert.That(limits.Backoff, Is.EqualTo(TimeSpan.FromMinutes(1)));
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var answer = new HttpResponseMessage(status);
        foreach (var (name, value) in headers)
        {
            answer.Headers.TryAddWithoutValidation(name, value);
        }

        return answer;
    }
}
