using EventFramework.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EventFramework.Samples.Bank.Hosting;

/// <summary>
/// The framework's traces and metrics (source and meter "EventFramework") through the OpenTelemetry
/// SDK: to an OTLP collector when OTEL_EXPORTER_OTLP_ENDPOINT is set, to the console with --otel-console.
/// A trace follows a command through its events and outbox messages, the Kafka headers, and the
/// projections and consumers that handle them.
/// </summary>
public sealed class BankTelemetry : IDisposable
{
    private readonly TracerProvider? _traces;
    private readonly MeterProvider? _metrics;

    private BankTelemetry(TracerProvider? traces, MeterProvider? metrics) => (_traces, _metrics) = (traces, metrics);

    public static BankTelemetry Start(bool console)
    {
        var otlp = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 };
        if (!otlp && !console) return new BankTelemetry(null, null);
        var resource = ResourceBuilder.CreateDefault().AddService("eventframework-bank");
        var traces = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(EventFrameworkMetrics.Name);
        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(EventFrameworkMetrics.Name);
        if (otlp)
        {
            traces.AddOtlpExporter();
            metrics.AddOtlpExporter();
        }
        if (console)
        {
            traces.AddConsoleExporter();
            metrics.AddConsoleExporter();
        }
        return new BankTelemetry(traces.Build(), metrics.Build());
    }

    public void Dispose()
    {
        _traces?.Dispose();
        _metrics?.Dispose();
    }
}
