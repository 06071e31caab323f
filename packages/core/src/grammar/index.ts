export {
  type AuthChallenge,
  type AuthCredentials,
  type ParseChallengesParameters,
  type ParseChallengesReturnType,
  parseAuthorization,
  parseChallenges,
  serializeAuthorization,
  serializeChallenge,
} from "./auth.js";
export {
  decodeBase64,
  decodeBase64Json,
  decodeBase64Url,
  decodeBase64UrlJson,
  encodeBase64,
  encodeBase64Json,
  encodeBase64Url,
  encodeBase64UrlJson,
  utf8Decode,
  utf8Encode,
} from "./base64.js";
export { canonicalizeJson, JCS_MAX_DEPTH } from "./jcs.js";
export { isToken, isToken68, MAX_HEADER_LENGTH } from "./lexer.js";
export {
  type ParameterHeader,
  type ParseParameterHeaderParameters,
  type ParseParameterHeaderReturnType,
  parseParameterHeader,
  serializeParameterHeader,
} from "./params.js";
