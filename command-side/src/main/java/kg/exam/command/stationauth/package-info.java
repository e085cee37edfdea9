/**
 * Authentication of enrolled school exam stations: each request is signed with the station's
 * Ed25519 key ({@code Authorization: ExamStation keyId=…,ts=…,sig=…}, {@link
 * kg.exam.contract.trust.StationRequestSignatures}) and checked against the trust registry, giving
 * an {@link kg.exam.command.security.Actor} with role {@code STATION}.
 */
package kg.exam.command.stationauth;
