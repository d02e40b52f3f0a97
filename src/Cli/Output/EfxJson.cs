using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventFramework.Cli.Output;

/// <summary>The JSON contract of --json output (camelCase, indented, nulls written), generated at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(ProjectionListDocument))]
[JsonSerializable(typeof(StatusDocument))]
[JsonSerializable(typeof(RebuildDocument))]
[JsonSerializable(typeof(ParkedDocument))]
[JsonSerializable(typeof(ReplayDocument))]
internal sealed partial class EfxJson : JsonSerializerContext;
