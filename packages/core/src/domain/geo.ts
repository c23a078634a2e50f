/** Great-circle distance in km (haversine, Earth radius 6371 km), as the contract defines it. */
export const EARTH_RADIUS_KM = 6371;

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

export function distanceKm(a: LatLon, b: LatLon): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLon = (b.lon - a.lon) * toRad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
