using Maillage.Data;
using Maillage.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;

namespace Maillage.Pages.Embed;

/// <summary>
/// /embed/lieux: the search of /lieux for partners' websites (in an iframe): same filters, read from the address
/// (?commune=42218&amp;services=…), minimal layout, fiches open in a new tab. Only /embed/* may be framed (SecurityHeaders).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Public)]
public sealed class LieuxModel(AppDbContext db, Features.Lieux.SearchIndex.PublishedPlaceIndex index, TimeProvider clock, IConfiguration config) : Lieux.IndexModel(db, index, clock, config)
{
    public override string BasePath => "/embed/lieux";
}
