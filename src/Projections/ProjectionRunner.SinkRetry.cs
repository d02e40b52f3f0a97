using Polly;
using Polly.Retry;

namespace EventFramework;

public sealed partial class ProjectionRunner<TContext>
{
    private ResiliencePipeline? _sinkRetry;

    /// <summary>
    /// Transient failures (database down, connection dropped: <see cref="ProjectionOptions.IsTransient"/>)
    /// are retried without limit, with capped back-off: they say nothing about the events, so
    /// nothing is parked because of them. The status shows the error meanwhile. Other sink errors
    /// (a missing table, a broken constraint) fault the runner.
    /// </summary>
    private ResiliencePipeline SinkRetry => _sinkRetry ??= new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = int.MaxValue,
            Delay = _options.RetryDelay,
            MaxDelay = TimeSpan.FromSeconds(10),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not HandlerFailure && _options.IsTransient(ex)),
            OnRetry = args =>
            {
                Update(s => s with { Error = $"retrying after: {args.Outcome.Exception?.Message}" });
                return ValueTask.CompletedTask;
            },
        })
        .Build();
}
