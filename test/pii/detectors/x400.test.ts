import { describe, expect, it } from 'vitest';
import { detectOrAddress } from '@/lib/pii/detectors/x400';
import { texts } from './run';

const names = (text: string) => texts(detectOrAddress, text);

describe('X.400 O/R address detector', () => {
  it('slash, semicolon (Exchange proxyAddresses X400:), comma and reverse-order forms', () => {
    expect(names('/C=GB/ADMD=BT/PRMD=ACME/O=Acme/S=Whitfield/G=Harriet/')).toEqual(['Whitfield', 'Harriet']);
    expect(names('X400:C=US;A= ;P=Contoso;O=Exchange;S=Okonkwo;G=Adaeze;')).toEqual(['Okonkwo', 'Adaeze']);
    expect(names('C=GB, ADMD=BT, PRMD=NHS, O=Trust, S=Banerjee, G=Anika')).toEqual(['Banerjee', 'Anika']);
    expect(names('/S=Lindqvist/I=E/O=Volvo/PRMD=VOLVO/ADMD=TELIA/C=SE/')).toEqual(['Lindqvist', 'E']);
    expect(names('/c=us/a=mci/p=acme/s=okafor/g=chidi/q=jr/')).toEqual(['okafor', 'chidi', 'jr']);
  });
  it('RFC 1327 / 2156 mapped forms and IMCEA encapsulation', () => {
    expect(names('"/G=Ingrid/S=Halvorsen/O=Statoil/PRMD=STATOIL/ADMD=TELEMAX/C=NO/"@gw.example.no')).toEqual(['Ingrid', 'Halvorsen']);
    expect(names('"/I=J/S=Smith/O=acme/"@x400.example.org')).toEqual(['J', 'Smith']);
    expect(names('IMCEAX400-c=US+3Ba=+20+3Bp=Contoso+3Bo=Exchange+3Bs=Pereira+3Bg=Lucas+3B@contoso.com')).toEqual(['c=US+3Ba=+20+3Bp=Contoso+3Bo=Exchange+3Bs=Pereira+3Bg=Lucas+3B']);
  });
  it('CN= directory forms: a person-shaped common name', () => {
    expect(names('lookup CN=Matthias Schneider,OU=X400 Recipients,O=Siemens,PRMD=SIEMENS,ADMD=VIAT,C=DE')).toEqual(['Matthias Schneider']);
    expect(names('CN=X400 Connector,CN=Connections,CN=First Routing Group')).toEqual([]);
  });
  it('not personal: only C/A/P/O/OU, MTS identifiers, query strings', () => {
    for (const t of ['X400:C=US;A= ;P=Contoso;O=Exchange;', '/C=CA/ADMD=TELECOM.CANADA/PRMD=GC/O=PWGSC/OU1=OTT/', 'MTS-ID [C=GB;A=BT;P=ACME;L=GW01-261126215803Z-4711]', '?s=name&g=1', 'x400 S=Smith']) {
      expect(names(t), t).toEqual([]);
    }
  });
});
