namespace EventFramework.Marten.Tests.Projections;

/// <summary>The read model of the sink conformance tests: one number per key.</summary>
public sealed class Number
{
    public string Id { get; set; } = "";
    public long Value { get; set; }
}
