// Golden vectors copied from the protocol digests (shared/protocols/x402.md §9, payment-auth.md §2 and §7).

export const X402_V2_PAYMENT_REQUIRED =
  "eyJ4NDAyVmVyc2lvbiI6MiwiZXJyb3IiOiJQQVlNRU5ULVNJR05BVFVSRSBoZWFkZXIgaXMgcmVxdWlyZWQiLCJyZXNvdXJjZSI6eyJ1cmwiOiJodHRwczovL2FwaS5leGFtcGxlLmNvbS9wcmVtaXVtLWRhdGEiLCJkZXNjcmlwdGlvbiI6IkFjY2VzcyB0byBwcmVtaXVtIG1hcmtldCBkYXRhIiwibWltZVR5cGUiOiJhcHBsaWNhdGlvbi9qc29uIn0sImFjY2VwdHMiOlt7InNjaGVtZSI6ImV4YWN0IiwibmV0d29yayI6ImVpcDE1NTo4NDUzMiIsImFtb3VudCI6IjEwMDAwIiwiYXNzZXQiOiIweDAzNkNiRDUzODQyYzU0MjY2MzRlNzkyOTU0MWVDMjMxOGYzZENGN2UiLCJwYXlUbyI6IjB4MjA5NjkzQmM2YWZjMEM1MzI4YkEzNkZhRjAzQzUxNEVGMzEyMjg3QyIsIm1heFRpbWVvdXRTZWNvbmRzIjo2MCwiZXh0cmEiOnsibmFtZSI6IlVTREMiLCJ2ZXJzaW9uIjoiMiJ9fV19";

export const X402_V2_PAYMENT_SIGNATURE =
  "eyJ4NDAyVmVyc2lvbiI6MiwicmVzb3VyY2UiOnsidXJsIjoiaHR0cHM6Ly9hcGkuZXhhbXBsZS5jb20vcHJlbWl1bS1kYXRhIiwiZGVzY3JpcHRpb24iOiJBY2Nlc3MgdG8gcHJlbWl1bSBtYXJrZXQgZGF0YSIsIm1pbWVUeXBlIjoiYXBwbGljYXRpb24vanNvbiJ9LCJhY2NlcHRlZCI6eyJzY2hlbWUiOiJleGFjdCIsIm5ldHdvcmsiOiJlaXAxNTU6ODQ1MzIiLCJhbW91bnQiOiIxMDAwMCIsImFzc2V0IjoiMHgwMzZDYkQ1Mzg0MmM1NDI2NjM0ZTc5Mjk1NDFlQzIzMThmM2RDRjdlIiwicGF5VG8iOiIweDIwOTY5M0JjNmFmYzBDNTMyOGJBMzZGYUYwM0M1MTRFRjMxMjI4N0MiLCJtYXhUaW1lb3V0U2Vjb25kcyI6NjAsImV4dHJhIjp7Im5hbWUiOiJVU0RDIiwidmVyc2lvbiI6IjIifX0sInBheWxvYWQiOnsic2lnbmF0dXJlIjoiMHgyZDZhNzU4OGQ2YWNjYTUwNWNiZjBkOWE0YTIyN2UwYzUyYzZjMzQwMDhjOGU4OTg2YTEyODMyNTk3NjQxNzM2MDhhMmNlNjQ5NjY0MmUzNzdkNmRhOGRiYmY1ODM2ZTliZDE1MDkyZjllY2FiMDVkZWQzZDYyOTNhZjE0OGI1NzFjIiwiYXV0aG9yaXphdGlvbiI6eyJmcm9tIjoiMHg4NTdiMDY1MTlFOTFlM0E1NDUzODc5MWJEYmIwRTIyMzczZTM2YjY2IiwidG8iOiIweDIwOTY5M0JjNmFmYzBDNTMyOGJBMzZGYUYwM0M1MTRFRjMxMjI4N0MiLCJ2YWx1ZSI6IjEwMDAwIiwidmFsaWRBZnRlciI6IjE3NDA2NzIwODkiLCJ2YWxpZEJlZm9yZSI6IjE3NDA2NzIxNTQiLCJub25jZSI6IjB4ZjM3NDY2MTNjMmQ5MjBiNWZkYWJjMDg1NmYyYWViMmQ0Zjg4ZWU2MDM3YjhjYzVkMDRhNzFhNDQ2MmYxMzQ4MCJ9fX0=";

export const X402_V2_RESPONSE_SUCCESS =
  "eyJzdWNjZXNzIjp0cnVlLCJ0cmFuc2FjdGlvbiI6IjB4MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWYxMjM0NTY3ODkwYWJjZGVmMTIzNDU2Nzg5MGFiY2RlZiIsIm5ldHdvcmsiOiJlaXAxNTU6ODQ1MzIiLCJwYXllciI6IjB4ODU3YjA2NTE5RTkxZTNBNTQ1Mzg3OTFiRGJiMEUyMjM3M2UzNmI2NiJ9";

export const X402_V2_RESPONSE_FAILURE =
  "eyJzdWNjZXNzIjpmYWxzZSwiZXJyb3JSZWFzb24iOiJpbnN1ZmZpY2llbnRfZnVuZHMiLCJ0cmFuc2FjdGlvbiI6IiIsIm5ldHdvcmsiOiJlaXAxNTU6ODQ1MzIiLCJwYXllciI6IjB4ODU3YjA2NTE5RTkxZTNBNTQ1Mzg3OTFiRGJiMEUyMjM3M2UzNmI2NiJ9";

export const X402_V1_X_PAYMENT =
  "eyJ4NDAyVmVyc2lvbiI6MSwic2NoZW1lIjoiZXhhY3QiLCJuZXR3b3JrIjoiYmFzZS1zZXBvbGlhIiwicGF5bG9hZCI6eyJzaWduYXR1cmUiOiIweDJkNmE3NTg4ZDZhY2NhNTA1Y2JmMGQ5YTRhMjI3ZTBjNTJjNmMzNDAwOGM4ZTg5ODZhMTI4MzI1OTc2NDE3MzYwOGEyY2U2NDk2NjQyZTM3N2Q2ZGE4ZGJiZjU4MzZlOWJkMTUwOTJmOWVjYWIwNWRlZDNkNjI5M2FmMTQ4YjU3MWMiLCJhdXRob3JpemF0aW9uIjp7ImZyb20iOiIweDg1N2IwNjUxOUU5MWUzQTU0NTM4NzkxYkRiYjBFMjIzNzNlMzZiNjYiLCJ0byI6IjB4MjA5NjkzQmM2YWZjMEM1MzI4YkEzNkZhRjAzQzUxNEVGMzEyMjg3QyIsInZhbHVlIjoiMTAwMDAiLCJ2YWxpZEFmdGVyIjoiMTc0MDY3MjA4OSIsInZhbGlkQmVmb3JlIjoiMTc0MDY3MjE1NCIsIm5vbmNlIjoiMHhmMzc0NjYxM2MyZDkyMGI1ZmRhYmMwODU2ZjJhZWIyZDRmODhlZTYwMzdiOGNjNWQwNGE3MWE0NDYyZjEzNDgwIn19fQ==";

export const X402_V1_RESPONSE_SUCCESS =
  "eyJzdWNjZXNzIjp0cnVlLCJ0cmFuc2FjdGlvbiI6IjB4MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWYxMjM0NTY3ODkwYWJjZGVmMTIzNDU2Nzg5MGFiY2RlZiIsIm5ldHdvcmsiOiJiYXNlLXNlcG9saWEiLCJwYXllciI6IjB4ODU3YjA2NTE5RTkxZTNBNTQ1Mzg3OTFiRGJiMEUyMjM3M2UzNmI2NiJ9";

export const X402_V1_BODY = `{"x402Version":1,"error":"X-PAYMENT header is required","accepts":[{"scheme":"exact","network":"base-sepolia","maxAmountRequired":"10000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","resource":"https://api.example.com/premium-data","description":"Access to premium market data","mimeType":"application/json","outputSchema":null,"maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2"}}]}`;

export const RESOURCE = {
  url: "https://api.example.com/premium-data",
  description: "Access to premium market data",
  mimeType: "application/json",
};

export const SPEC_SIGNATURE =
  "0x2d6a7588d6acca505cbf0d9a4a227e0c52c6c34008c8e8986a1283259764173608a2ce6496642e377d6da8dbbf5836e9bd15092f9ecab05ded3d6293af148b571c";

export const SPEC_AUTHORIZATION = {
  from: "0x857b06519E91e3A54538791bDbb0E22373e36b66",
  to: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
  value: "10000",
  validAfter: "1740672089",
  validBefore: "1740672154",
  nonce: "0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480",
};

/** payment-auth.md §2: HMAC id vectors with secret `test-vector-secret`. */
export const HMAC_SECRET = "test-vector-secret";
export const HMAC_VECTORS: {
  request: Record<string, unknown>;
  expires?: string;
  digest?: string;
  opaque?: Record<string, string>;
  id: string;
}[] = [
  { request: { amount: "1000000" }, id: "X6v1eo7fJ76gAxqY0xN9Jd__4lUyDDYmriryOM-5FO4" },
  {
    request: { amount: "1000000" },
    expires: "2025-01-06T12:00:00Z",
    id: "ChPX33RkKSZoSUyZcu8ai4hhkvjZJFkZVnvWs5s0iXI",
  },
  {
    request: { amount: "1000000" },
    digest: "sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE",
    id: "JHB7EFsPVb-xsYCo8LHcOzeX1gfXWVoUSzQsZhKAfKM",
  },
  {
    request: { amount: "1000000" },
    expires: "2025-01-06T12:00:00Z",
    digest: "sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE",
    id: "m39jbWWCIfmfJZSwCfvKFFtBl0Qwf9X4nOmDb21peLA",
  },
  {
    request: { amount: "1000000" },
    opaque: { pi: "pi_3abc123XYZ" },
    id: "rxzKZ2qjXvinqCH96RORTZEPs1KXsA-0AUjrCAPFOWc",
  },
  { request: { amount: "1000000" }, opaque: {}, id: "vb4IyH-0LdJ3s7L0QAw8jIzcZkyxksPhIvEfmHmzA9k" },
  { request: {}, id: "yLN7yChAejW9WNmb54HpJIWpdb1WWXeA3_aCx4dxmkU" },
  {
    request: { amount: "1000000", currency: "0x1234", methodDetails: { chainId: 42431 } },
    id: "TqujwpuDDg_zsWGINAd5XObO2rRe6uYufpqvtDmr6N8",
  },
  {
    request: { amount: "1000000" },
    opaque: { deposit: "dep_456", pi: "pi_3abc123XYZ" },
    id: "aKskU8sadR5ZuFbUCsIwhO-ENxuVpTw17FdwHEXsJDk",
  },
];

/** payment-auth.md §7.2 E1 (evm authorization on Base Sepolia). */
export const E1 = {
  header:
    'Payment id="pBm1-gcySyu6XWvrnasN7bgOyZ67xj53WhaiOEWAMKw", realm="api.example.com", method="evm", intent="charge", request="eyJhbW91bnQiOiIxMDAwMDAwIiwiY3VycmVuY3kiOiIweDAzNkNiRDUzODQyYzU0MjY2MzRlNzkyOTU0MWVDMjMxOGYzZENGN2UiLCJtZXRob2REZXRhaWxzIjp7ImNoYWluSWQiOjg0NTMyLCJjcmVkZW50aWFsVHlwZXMiOlsiYXV0aG9yaXphdGlvbiJdLCJkZWNpbWFscyI6Nn0sInJlY2lwaWVudCI6IjB4NzQyZDM1Q2M2NjM0YzA1MzI5MjVhM2I4NDRiQzllNzU5NUY4ZkUwMCJ9", expires="2026-04-01T12:05:00Z"',
  request: {
    amount: "1000000",
    currency: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
    methodDetails: { chainId: 84532, credentialTypes: ["authorization"], decimals: 6 },
    recipient: "0x742d35Cc6634c0532925a3b844bC9e7595F8fE00",
  },
  expires: "2026-04-01T12:05:00Z",
  signature:
    "0x0ac5d34e635cd3f6aef96ace9fa1049a5ba7cb137c333798b97a174cb1c8abd25d8b3a4144f0a7656d97909f15a16518238e5a6c425c86ee9f1d073e53a907301b",
  nonce: "0x421a2b70900d95557c590daf229df4d1addd21298448b394546cfad9a8c2e806",
  from: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
};

/** payment-auth.md §7.2 E2 (solana pull, SOL, devnet). */
export const E2 = {
  header:
    'Payment id="OGfvcyiSUDD5kYbmFgPN-RBG52b6O4wQmlZ7_-5p8ZY", realm="api.example.com", method="solana", intent="charge", request="eyJhbW91bnQiOiIxMDAwMDAwMCIsImN1cnJlbmN5Ijoic29sIiwiZXh0ZXJuYWxJZCI6Im9yZGVyLTQyIiwibWV0aG9kRGV0YWlscyI6eyJuZXR3b3JrIjoiZGV2bmV0IiwicmVjZW50QmxvY2toYXNoIjoiRWtTbk5XaWQyY3Z3RVZuVng5YUJxYXdubWlDTmlEZ3AzZ1Vka0RQVEtOMU4ifSwicmVjaXBpZW50IjoiN3hLWHRnMkNXODdkOTdUWEpTRHBiRDVqQmtoZVRxQTgzVFpSdUpvc2dBc1UifQ", expires="2026-03-15T12:05:00Z"',
  request: {
    amount: "10000000",
    currency: "sol",
    externalId: "order-42",
    methodDetails: { network: "devnet", recentBlockhash: "EkSnNWid2cvwEVnVx9aBqawnmiCNiDgp3gUdkDPTKN1N" },
    recipient: "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU",
  },
  expires: "2026-03-15T12:05:00Z",
};

/** payment-auth.md §7.1 SOL request with its computed id. */
export const SOL_REQUEST = {
  request: {
    amount: "10000000",
    currency: "sol",
    recipient: "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU",
    description: "Weather API access",
    methodDetails: { network: "mainnet" },
  },
  encoded:
    "eyJhbW91bnQiOiIxMDAwMDAwMCIsImN1cnJlbmN5Ijoic29sIiwiZGVzY3JpcHRpb24iOiJXZWF0aGVyIEFQSSBhY2Nlc3MiLCJtZXRob2REZXRhaWxzIjp7Im5ldHdvcmsiOiJtYWlubmV0In0sInJlY2lwaWVudCI6Ijd4S1h0ZzJDVzg3ZDk3VFhKU0RwYkQ1akJraGVUcUE4M1RaUnVKb3NnQXNVIn0",
  expires: "2026-03-15T12:05:00Z",
  id: "kwfbgim5ibAnJSh83racRCkkmwZ4KffTyKxEPfqnmEE",
};

/** payment-auth.md §7.1 core credential and receipt, exact bytes. */
export const CORE_CREDENTIAL =
  "Payment eyJjaGFsbGVuZ2UiOnsiaWQiOiJ4N1RnMnBMcVI5bUt2TndZM2hCY1phIiwicmVhbG0iOiJhcGkuZXhhbXBsZS5jb20iLCJtZXRob2QiOiJleGFtcGxlIiwiaW50ZW50IjoiY2hhcmdlIiwicmVxdWVzdCI6ImV5SmhiVzkxYm5RaU9pSXhNREF3SWl3aVkzVnljbVZ1WTNraU9pSlZVMFFpTENKeVpXTnBjR2xsYm5RaU9pSmhZMk4wWHpFeU15SjkiLCJleHBpcmVzIjoiMjAyNS0wMS0xNVQxMjowNTowMFoifSwicGF5bG9hZCI6eyJwcm9vZiI6IjB4YWJjMTIzLi4uIn19";
export const CORE_CREDENTIAL_JSON = `{"challenge":{"id":"x7Tg2pLqR9mKvNwY3hBcZa","realm":"api.example.com","method":"example","intent":"charge","request":"eyJhbW91bnQiOiIxMDAwIiwiY3VycmVuY3kiOiJVU0QiLCJyZWNpcGllbnQiOiJhY2N0XzEyMyJ9","expires":"2025-01-15T12:05:00Z"},"payload":{"proof":"0xabc123..."}}`;
export const CORE_RECEIPT =
  "eyJzdGF0dXMiOiJzdWNjZXNzIiwibWV0aG9kIjoiaW52b2ljZSIsInRpbWVzdGFtcCI6IjIwMjUtMDEtMTVUMTI6MDA6MDBaIiwicmVmZXJlbmNlIjoiaW52XzEyMzQ1In0";
export const CORE_CHALLENGE =
  'Payment id="x7Tg2pLqR9mKvNwY3hBcZa", realm="api.example.com", method="example", intent="charge", expires="2025-01-15T12:05:00Z", request="eyJhbW91bnQiOiIxMDAwIiwiY3VycmVuY3kiOiJVU0QiLCJyZWNpcGllbnQiOiJhY2N0XzEyMyJ9"';
