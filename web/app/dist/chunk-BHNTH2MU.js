async function r(o,t,e,n,i){n.textContent="TON Connect: not yet"}export{r as startTonConnect};
