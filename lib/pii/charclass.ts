// Character classes for the scanner's branch-light first pass.

export const C_DIGIT = 1;
export const C_HEXL = 2; // a-f A-F
export const C_ALPHA = 4; // other letters
export const C_AT = 8;
export const C_PCT = 16;
export const C_SLASH = 32;
export const C_BSLASH = 64;
export const C_EQ = 128;
export const C_COLON = 256;
export const C_DOT = 512;
export const C_DASH = 1024;
export const C_SPACE = 2048;
export const C_PLUS = 4096;
export const C_PAREN = 8192;
export const C_OTHER = 16384;
export const C_NONASCII = 32768;

export const CT = new Uint16Array(128);
for (let c = 0; c < 128; c++) {
  let f = C_OTHER;
  if (c >= 48 && c <= 57) f = C_DIGIT;
  else if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) f = C_HEXL;
  else if ((c >= 103 && c <= 122) || (c >= 71 && c <= 90)) f = C_ALPHA;
  else if (c === 64) f = C_AT;
  else if (c === 37) f = C_PCT;
  else if (c === 47) f = C_SLASH;
  else if (c === 92) f = C_BSLASH;
  else if (c === 61) f = C_EQ;
  else if (c === 58) f = C_COLON;
  else if (c === 46) f = C_DOT;
  else if (c === 45) f = C_DASH;
  else if (c === 32 || c === 9 || c === 10 || c === 13) f = C_SPACE;
  else if (c === 43) f = C_PLUS;
  else if (c === 40 || c === 41) f = C_PAREN;
  CT[c] = f;
}
