using Maillage.Features.Lieux.Search;

// In the namespace of AppSetup, so that `api.MapPlacesApi();` needs no using there (that file is shared by every feature).
namespace Maillage.Shared.Web;

public static class PlacesApiRoutes
{
    /// <summary>GET /api/v1/lieux and /api/v1/lieux/{id}: the public search of places.</summary>
    public static RouteGroupBuilder MapPlacesApi(this RouteGroupBuilder api) => PlacesApi.Map(api);
}
