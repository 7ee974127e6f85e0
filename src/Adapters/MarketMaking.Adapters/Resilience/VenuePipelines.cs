using System.Threading.RateLimiting;
using MarketMaking.Models;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace MarketMaking.Adapters;

/// <summary>
/// Builds a venue endpoint class's resilience pipeline over <see cref="VenueResult{T}"/> answers, in the order
/// rate limiter → total timeout → retry → circuit breaker → attempt timeout.
/// </summary>
/// <remarks>
/// Retries only failures the caller's predicate calls retryable (for order entry: only those where the venue says it
/// did not execute the request), waiting at least the venue's <see cref="VenueError.RetryAfter"/>. The circuit breaker
/// counts the failures that say the venue is unwell (timeouts, transport, unavailability), not business rejections such
/// as insufficient funds, and not rate-limit answers: a venue that says "too many requests" is up and has said how to
/// proceed (wait), which the rate limiter and <see cref="VenueError.RetryAfter"/> do; an open circuit would instead
/// stop calls the venue would take, such as a WebSocket token. It reports its state as <see cref="VenueHealth"/>.
/// Exceptions of the pipeline itself (rate limiter refusal, open circuit, timeouts) are turned into results by
/// <see cref="ExecuteAsync{T}"/>.
/// </remarks>
public static class VenuePipelines
{
    /// <summary>Builds a pipeline.</summary>
    /// <typeparam name="T">The answer's value type.</typeparam>
    /// <param name="options">The settings.</param>
    /// <param name="isRetryable">Whether a failed answer may be retried.</param>
    /// <param name="rateLimiter">The venue rate limiter for this endpoint class, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock of timeouts, delays and the breaker.</param>
    /// <param name="onHealthChanged">Called with the new health when the circuit changes state.</param>
    /// <returns>The pipeline.</returns>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    public static ResiliencePipeline<VenueResult<T>> Create<T>(
        VenuePipelineOptions options,
        Func<VenueError, bool> isRetryable,
        RateLimiter? rateLimiter,
        TimeProvider timeProvider,
        Action<VenueHealth>? onHealthChanged = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(isRetryable);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var builder = new ResiliencePipelineBuilder<VenueResult<T>> { TimeProvider = timeProvider };
        if (rateLimiter is not null)
        {
            builder.AddRateLimiter(rateLimiter);
        }

        builder.AddTimeout(options.TotalTimeout);

        // Polly refuses zero retries: zero means no retry strategy at all.
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<VenueResult<T>>
            {
                // An exception (an attempt's timeout) is never retried: the request may have taken effect.
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result is { Outcome: VenueOutcome.Failed, Error: { } error } && isRetryable(error)),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result.Error?.RetryAfter),
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<VenueResult<T>>
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is not null
                    || args.Outcome.Result is { IsSuccess: false, Error: { IsTransient: true, Kind: not VenueErrorKind.RateLimited } }),
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                OnOpened = _ => Notify(onHealthChanged, VenueHealth.Unavailable),
                OnHalfOpened = _ => Notify(onHealthChanged, VenueHealth.Recovering),
                OnClosed = _ => Notify(onHealthChanged, VenueHealth.Healthy),
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>Runs a call through a pipeline, turning the pipeline's own refusals and timeouts into results.</summary>
    /// <typeparam name="T">The answer's value type.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="call">One attempt of the call.</param>
    /// <param name="timeoutIsUnknownOutcome">Whether a timeout leaves the request's effect unknown (order entry).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer, or a failure: <see cref="VenueErrorKind.RateLimited"/> or <see cref="VenueErrorKind.CircuitOpen"/> (nothing sent), or a timeout.</returns>
    public static async Task<VenueResult<T>> ExecuteAsync<T>(
        ResiliencePipeline<VenueResult<T>> pipeline,
        Func<CancellationToken, ValueTask<VenueResult<T>>> call,
        bool timeoutIsUnknownOutcome,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await pipeline.ExecuteAsync(static (attempt, token) => attempt(token), call, cancellationToken).ConfigureAwait(false);
        }
        catch (Polly.RateLimiting.RateLimiterRejectedException exception)
        {
            return VenueResult<T>.Failure(new VenueError(VenueErrorKind.RateLimited, IsTransient: true, null,
                "Not sent: the venue's rate limit budget is spent") { RetryAfter = exception.RetryAfter, NotSent = true });
        }
        catch (BrokenCircuitException exception)
        {
            return VenueResult<T>.Failure(new VenueError(VenueErrorKind.CircuitOpen, IsTransient: true, null,
                "Not sent: the circuit is open after repeated failures") { RetryAfter = exception.RetryAfter, NotSent = true });
        }
        catch (Polly.Timeout.TimeoutRejectedException exception)
        {
            var error = VenueError.Timeout($"No answer within {exception.Timeout}");
            return timeoutIsUnknownOutcome ? VenueResult<T>.Unknown(error) : VenueResult<T>.Failure(error);
        }
    }

    private static ValueTask Notify(Action<VenueHealth>? onHealthChanged, VenueHealth health)
    {
        onHealthChanged?.Invoke(health);
        return ValueTask.CompletedTask;
    }
}
