using MarketMaking.Models;
using Microsoft.Extensions.Time.Testing;

namespace MarketMaking.Adapters.Tests;

/// <summary>The venue pipeline's retry settings, at their documented bounds.</summary>
public sealed class VenuePipelinesTests
{
    [Test]
    public async Task ZeroRetries_IsAllowed_AndMeansOneAttempt()
    {
        var pipeline = VenuePipelines.Create<int>(new VenuePipelineOptions { MaxRetryAttempts = 0 }, static _ => true, null, new FakeTimeProvider());
        var attempts = 0;

        var result = await VenuePipelines.ExecuteAsync(
            pipeline,
            _ =>
            {
                attempts++;
                return ValueTask.FromResult(VenueResult<int>.Failure(VenueError.Transport("down")));
            },
            timeoutIsUnknownOutcome: false,
            CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(attempts, Is.EqualTo(1));
            Assert.That(result.Error!.Kind, Is.EqualTo(VenueErrorKind.Transport));
        });
    }
}
