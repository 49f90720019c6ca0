namespace Maillage.Features.Agenda.Conseillers;

/// <summary>/api/v1/permanences and /api/v1/rendez-vous (advisor's side).</summary>
public static class AdvisorsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        _ = api;
    }
}
