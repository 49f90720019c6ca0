using System.Text.Json;
using System.Text.Json.Serialization;
using Maillage.Features.Lieux.Search;
using Maillage.Shared.Web;

namespace Maillage.Features.Lieux.SearchIndex;

/// <summary>
/// Compile-time JSON metadata for the public search's answer, the API's busiest: no reflection per type at run time.
/// Placed first in the resolver chain; every other type keeps the reflection-based default.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Paged<PlaceSummaryDto>))]
internal sealed partial class PlacesJsonContext : JsonSerializerContext;
